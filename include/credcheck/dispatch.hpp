// credcheck/dispatch.hpp — initiation → dispatch → feedback (seed items 16, 17).
//
// When an initiating department adds list entries, every department that implements a measure the
// list triggers gets a notice (`apply`); when the entry ends — removed, expired, revoked after an
// objection, repaired — the same departments get a `lift` notice. Implementing departments answer each
// notice, and each check decision they acted on, with feedback: applied, not applied (with a reason),
// or not applicable. The initiating department sees where its entries stand.
//
// The catalog names implementing bodies in words ("finance, purchasers"); the credit office routes
// each measure to concrete departments with set_measure_routes() (`credcheck routes load`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credcheck/database.hpp"

namespace credcheck {

using NoticeId = std::int64_t;

enum class NoticeKind { apply, lift };
/// Why a notice went out: the entry was entered, or it ended for one of these reasons.
enum class NoticeCause { entered, removed, expired, revoked, repaired };
enum class FeedbackOutcome { applied, not_applied, not_applicable };

std::string_view to_string(NoticeKind) noexcept;
std::string_view to_string(NoticeCause) noexcept;
std::string_view to_string(FeedbackOutcome) noexcept;

/// A measure and a department that implements it.
struct MeasureRoute {
    std::string measure_code;
    std::string department;                  // name (or code)
    std::optional<std::string> department_uscc;
};

/// Replaces the routes of every measure named in `routes` (measures not named keep theirs), then
/// dispatches `apply` notices for entries in force on `as_of` to departments newly routed. A
/// department not yet known is created, as imports do. Throws Error(invalid_argument) for a measure
/// the installed catalog does not have or an empty department; nothing is changed then. Returns the
/// names of the departments it created.
std::vector<std::string> set_measure_routes(Database& db, const std::vector<MeasureRoute>& routes, Date as_of);
std::vector<MeasureRoute> measure_routes(const Database& db);

struct DispatchCounts {
    std::int64_t apply = 0, lift = 0;
};

/// Creates the notices the entries call for on `as_of`: `apply` for every active, unexpired entry
/// and every (measure, department) route of its list not yet notified; `lift` for every notified
/// entry that has ended (status not active, or expired by `as_of`). Idempotent. Importing lists,
/// resolving an objection as revoked and repairing dispatch by themselves; call this (or
/// `credcheck inbox`) to turn expiries into lift notices.
DispatchCounts dispatch_notices(Database& db, Date as_of);

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

/// The department's notices, the last sent first; pending ones only unless `include_answered`.
std::vector<Notice> inbox(const Database& db, const std::string& department, bool include_answered = false);

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

/// Records feedback. A decision is found in the check log, which a Checker writes within 200 ms:
/// call Checker::flush_log() first for a decision just made. Throws Error(invalid_argument) for a missing officer, case reference or (for
/// not_applied) reason, or neither notice nor decision; Error(not_found) for an unknown notice,
/// decision or department; Error(permission_denied) when the notice went to another department;
/// Error(conflict) when the notice already has feedback. Returns the feedback id.
std::int64_t record_feedback(Database& db, const Feedback& feedback);

/// Where an initiating department's entries stand: per entry, notices sent and answered.
struct EntryDispatchStatus {
    EntryId entry_id = 0;
    std::string list_code, document_no, subject_code, subject_name;
    std::string status; // the entry's status
    std::int64_t notices = 0, answered = 0, applied = 0, not_applied = 0, not_applicable = 0, lifts = 0;
};
std::vector<EntryDispatchStatus> dispatch_status(const Database& db, const std::string& initiating_department);

} // namespace credcheck
