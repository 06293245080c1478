// credcheck/objections.hpp — objections (seed item 19): a subject disputes a record or list entry;
// while it is verified the measures it triggers are suspended (核实期间暂不执行), and the outcome is
// recorded with who decided, when and why.
#pragma once

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
    std::optional<ObjectionOutcome> outcome; // nullopt while pending
    std::optional<Date> resolved_on;
    std::string resolved_by, resolution;
};

/// Files an objection; from `filed_on` the target's measures are suspended. Throws Error(not_found)
/// for a missing target, Error(conflict) if it already has a pending objection.
ObjectionId file_objection(Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on, const std::string& filed_by,
                           const std::string& reason);

/// Resolves a pending objection on `resolved_on` (not before it was filed). A revoked target gets
/// status revoked. Throws Error(not_found), or Error(conflict) when it is already resolved.
void resolve_objection(Database& db, ObjectionId id, ObjectionOutcome outcome, Date resolved_on, const std::string& resolved_by,
                       const std::string& resolution);

std::optional<Objection> find_objection(const Database& db, ObjectionId id);

} // namespace credcheck
