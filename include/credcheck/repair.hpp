// credcheck/repair.hpp — credit repair (信用修复, seed item 19): a subject that has corrected its
// dishonest conduct has a penalty or list entry repaired once the conditions hold. A repaired record
// leaves publication and no longer counts in checks; a repaired entry triggers no measure, and every
// department told to apply its measures is told to lift them. The record stays in the history.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/objections.hpp"

namespace credcheck {

struct RepairRequest {
    ObjectionTarget target = ObjectionTarget::record; // a penalty record or a list entry
    std::int64_t target_id = 0;
    Date repaired_on = Date::from_days(0);
    std::string decided_by;           // the department or officer deciding
    /// How the obligations were fulfilled (fine paid: receipt number; judgment performed; rectified:
    /// inspection report). Empty means they were not shown fulfilled.
    std::string obligations_evidence;
    /// The credit commitment (信用承诺) record; default: the subject's latest active commitment record
    /// decided after the penalty (or entry) and on or before repaired_on.
    std::optional<RecordId> commitment;
};

/// A credit commitment (信用承诺书) a subject signed, as a department received it.
struct Commitment {
    std::string subject;     // any code of the subject
    std::string department;  // the receiving department (created when unknown, as imports do)
    std::string document_no; // the commitment's reference
    Date signed_on = Date::from_days(0);
    std::string content;     // what the subject commits to
};

/// Records a commitment as a record of kind commitment; recording the same department and reference
/// again returns the same record. Throws Error(not_found) for an unknown subject,
/// Error(invalid_argument) for a missing field, Error(conflict) when the reference belongs to another
/// subject's commitment.
RecordId record_commitment(Database& db, const Commitment& commitment);

/// Why a repair cannot be granted now: one line per unmet condition, naming it (empty: it can).
/// Conditions: the target is active; the minimum publicity period has passed (penalties: the
/// regime's minimum by severity; entries: the list's minimum term, publicity_rules.json); the
/// obligations are shown fulfilled; a credit commitment is recorded.
std::vector<std::string> repair_blockers(const Database& db, const RepairRequest& request);

struct RepairResult {
    std::int64_t repair_id = 0;
    RecordId commitment = 0;
    DispatchCounts notices; // lift notices sent
};

/// Repairs the target. Throws Error(conflict) whose message names every unmet condition, Error(not_found)
/// for a missing target or commitment record, Error(invalid_argument) for a missing decided_by;
/// nothing is changed then.
RepairResult repair(Database& db, const RepairRequest& request);

} // namespace credcheck
