// credcheck/objection_types.hpp — what objections speak of (credcheck/objections.hpp): their targets,
// outcomes, the objection itself, its corrections, and a query over them.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "credcheck/date.hpp"

namespace credcheck {

using ObjectionId = std::int64_t;

enum class ObjectionTarget { record, entry };
/// upheld: the record stands, measures resume; corrected: it was amended; revoked: it is removed
/// and its measures are lifted.
enum class ObjectionOutcome { upheld, corrected, revoked };

std::string_view to_string(ObjectionTarget) noexcept;
std::string_view to_string(ObjectionOutcome) noexcept;

struct Objection {
    ObjectionId id = 0;
    ObjectionTarget target = ObjectionTarget::entry;
    std::int64_t target_id = 0;
    Date filed_on = Date::from_days(0);
    std::string filed_by, reason;
    /// The verification deadline: `objection_verification_days()` working days after filing; nullopt
    /// when the working-day calendar does not cover it (load the next year's calendar).
    std::optional<Date> due_on;
    std::string department;  // the source department, which verifies
    std::string description; // the target in words: list or record kind, document number, subject
    std::optional<ObjectionOutcome> outcome; // nullopt while pending
    std::optional<Date> resolved_on;
    std::string resolved_by, resolution;
};

/// An amendment made when an objection is resolved as corrected: a column and its new value.
/// Records: content, legal_basis, facts, severity, category, valid_from, valid_to, publicity_until.
/// Entries: reason, legal_basis, entered_on, expires_on. Dates as Date::parse accepts them; an empty
/// value clears an optional column.
struct Correction {
    std::string column;
    std::string value;
};

struct ObjectionQuery {
    bool pending_only = false;
    /// Only pending objections whose deadline has passed on this day (verification overdue).
    std::optional<Date> overdue_on;
    std::string department; // only objections to this source department's records and entries
};

} // namespace credcheck
