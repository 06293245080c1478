// credcheck/dispatch_types.hpp — what dispatch and feedback speak of (credcheck/dispatch.hpp): routes,
// notices, feedback, where an initiating department's entries stand.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <cstdint>
#include <optional>
#include <string>

#include "credcheck/date.hpp"
#include "credcheck/model.hpp"

namespace credcheck {

using NoticeId = std::int64_t;

// NoticeKind, NoticeCause and FeedbackOutcome are domain values: credcheck/model.hpp.

/// A measure and a department that implements it.
struct MeasureRoute {
    std::string measure_code;
    std::string department;                  // name (or code)
    std::optional<std::string> department_uscc;
};

struct DispatchCounts {
    std::int64_t apply = 0, lift = 0;
};

struct Notice {
    NoticeId id = 0;
    NoticeKind kind = NoticeKind::apply;
    NoticeCause cause = NoticeCause::entered;
    Date created_on = Date::from_days(0);
    std::string measure_code;
    std::string department; // implementing department's name
    EntryId entry_id = 0;
    std::string list_code;
    std::string subject_code, subject_name; // the listed party (a citizen ID as stored: mask it for display)
    std::string initiating_department, document_no;
    Date entered_on = Date::from_days(0);
    std::optional<Date> expires_on;
    std::optional<FeedbackOutcome> feedback; // nullopt: pending
};

struct Feedback {
    std::optional<NoticeId> notice_id;     // feedback on a notice, or
    std::string decision_id;               // on a check decision (its receipt id), with
    std::string measure_code;              //   the measure it concerns (optional for a decision)
    std::string department;                // who answers: must be the notice's department
    FeedbackOutcome outcome = FeedbackOutcome::applied;
    std::string reason;                    // mandatory for not_applied
    std::string officer;                   // mandatory
    Date decided_on = Date::from_days(0);
    std::string case_ref;                  // mandatory: the department's case or file number
};

/// Where an initiating department's entries stand: per entry, notices sent and answered.
struct EntryDispatchStatus {
    EntryId entry_id = 0;
    std::string list_code, document_no, subject_code, subject_name;
    EntryStatus status = EntryStatus::active;
    std::int64_t notices = 0, answered = 0, applied = 0, not_applied = 0, not_applicable = 0, lifts = 0;
};

} // namespace credcheck
