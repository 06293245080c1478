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

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/dispatch_types.hpp"

namespace credcheck {

/// Replaces the routes of every measure named in `routes` (measures not named keep theirs), then
/// dispatches `apply` notices for entries in force on `as_of` to departments newly routed. A
/// department not yet known is created, as imports do. Throws Error(invalid_argument) for a measure
/// the installed catalog does not have or an empty department; nothing is changed then. Returns the
/// names of the departments it created.
std::vector<std::string> set_measure_routes(Database& db, const std::vector<MeasureRoute>& routes, Date as_of);
std::vector<MeasureRoute> measure_routes(const Database& db);

/// The routes of a CSV file (UTF-8) with the header `measure,department[,department_uscc]`
/// (`credcheck routes load`). Throws Error(invalid_argument) naming the file and line of a route
/// without a measure or department, a file with no route or without those columns.
std::vector<MeasureRoute> read_routes_file(const std::filesystem::path& path);

/// Creates the notices the entries call for on `as_of`: `apply` for every active, unexpired entry
/// and every (measure, department) route of its list not yet notified; `lift` for every notified
/// entry that has ended (status not active, or expired by `as_of`). Idempotent. Importing lists,
/// resolving an objection as revoked and repairing dispatch by themselves; call this (or
/// `credcheck inbox`) to turn expiries into lift notices.
DispatchCounts dispatch_notices(Database& db, Date as_of);

/// The department's notices, the last sent first; pending ones only unless `include_answered`.
std::vector<Notice> inbox(const Database& db, const std::string& department, bool include_answered = false);

/// Records feedback (a decision just made is found: the check log is flushed first). Throws
/// Error(invalid_argument) for a missing officer, case reference or (for not_applied) reason, or
/// neither notice nor decision; Error(not_found) for an unknown notice,
/// decision or department; Error(permission_denied) when the notice went to another department;
/// Error(conflict) when the notice already has feedback. Returns the feedback id.
std::int64_t record_feedback(Database& db, const Feedback& feedback);

/// Where the initiating department's entries stand, the newest first.
std::vector<EntryDispatchStatus> dispatch_status(const Database& db, const std::string& initiating_department);

} // namespace credcheck
