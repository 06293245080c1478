// credcheck/objections.hpp — objections (seed item 19): a subject disputes a record or list entry;
// while it is verified the measures it triggers are suspended (核实期间暂不执行), and the outcome is
// recorded with who decided, when and why.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credcheck/database.hpp"

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

/// Files an objection; from `filed_on` the target's measures are suspended, and the source department
/// must verify it by the deadline. Throws Error(not_found) for a missing target, Error(conflict) if it
/// already has a pending objection or has ended (revoked, repaired).
ObjectionId file_objection(Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on, const std::string& filed_by,
                           const std::string& reason);

/// An amendment made when an objection is resolved as corrected: a column and its new value.
/// Records: content, legal_basis, facts, severity, category, valid_from, valid_to, publicity_until.
/// Entries: reason, legal_basis, entered_on, expires_on. Dates as Date::parse accepts them; an empty
/// value clears an optional column.
struct Correction {
    std::string column;
    std::string value;
};

/// Resolves a pending objection on `resolved_on` (not before it was filed). upheld: measures resume.
/// corrected: `corrections` (at least one) amend the target, with history. revoked: the target gets
/// status revoked and, for an entry, the departments told to apply its measures get lift notices.
/// Throws Error(not_found), Error(conflict) when it is already resolved, Error(invalid_argument) for
/// a bad or missing correction; nothing is changed then.
void resolve_objection(Database& db, ObjectionId id, ObjectionOutcome outcome, Date resolved_on, const std::string& resolved_by,
                       const std::string& resolution, const std::vector<Correction>& corrections = {});

std::optional<Objection> find_objection(const Database& db, ObjectionId id);

struct ObjectionQuery {
    bool pending_only = false;
    /// Only pending objections whose deadline has passed on this day (verification overdue).
    std::optional<Date> overdue_on;
    std::string department; // only objections to this source department's records and entries
};
/// Objections, oldest first.
std::vector<Objection> list_objections(const Database& db, const ObjectionQuery& query = {});

/// Working days the source department has to verify an objection (local regulations use 1–7; the
/// default is 5). Applies to objections filed afterwards.
int objection_verification_days(const Database& db);
void set_objection_verification_days(Database& db, int days);

} // namespace credcheck
