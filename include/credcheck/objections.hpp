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
#include "credcheck/objection_types.hpp"

namespace credcheck {

/// Files an objection; from `filed_on` the target's measures are suspended, and the source department
/// must verify it by the deadline. Throws Error(not_found) for a missing target, Error(conflict) if it
/// already has a pending objection or has ended (revoked, repaired).
ObjectionId file_objection(Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on, const std::string& filed_by,
                           const std::string& reason);

/// Resolves a pending objection on `resolved_on` (not before it was filed). upheld: measures resume.
/// corrected: `corrections` (at least one) amend the target, with history. revoked: the target gets
/// status revoked and, for an entry, the departments told to apply its measures get lift notices.
/// Throws Error(not_found), Error(conflict) when it is already resolved, Error(invalid_argument) for
/// a bad or missing correction; nothing is changed then.
void resolve_objection(Database& db, ObjectionId id, ObjectionOutcome outcome, Date resolved_on, const std::string& resolved_by,
                       const std::string& resolution, const std::vector<Correction>& corrections = {});

std::optional<Objection> find_objection(const Database& db, ObjectionId id);

/// Objections, oldest first (ObjectionQuery: objection_types.hpp).
std::vector<Objection> list_objections(const Database& db, const ObjectionQuery& query = {});

/// Working days the source department has to verify an objection (local regulations use 1–7; the
/// default is 5). Applies to objections filed afterwards.
int objection_verification_days(const Database& db);
void set_objection_verification_days(Database& db, int days);

} // namespace credcheck
