// The dispatch tables (seed items 16, 17): measure routes, the notices entries call for, and the
// departments' feedback. The write side runs inside the caller's transaction.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/dispatch_types.hpp"
#include "credcheck/model.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// Every route, by measure and department name.
std::vector<MeasureRoute> measure_routes(sql::Connection& c);
/// Removes the routes of `measure_code`.
void clear_measure_routes(sql::Connection& c, std::string_view measure_code);
void add_measure_route(sql::Connection& c, std::string_view measure_code, DepartmentId department);

/// Sends the notices due: apply for entries in force, lift for entries ended or expired, by the
/// routes and the measure_triggers as they stand (the engine keeps those current). `today` is the
/// office's clock: expiry is judged by it alone, and `as_of` (the notices' date) never goes past it.
/// Stamps entries seen ended for the first time with the day. Idempotent.
DispatchCounts write_due_notices(sql::Connection& c, Date as_of, Date today);

/// The notices sent to a department, the last first; pending ones only unless `include_answered`.
std::vector<Notice> notices_to(sql::Connection& c, const Department& department, bool include_answered);

/// A notice as feedback needs it: where it went, its measure, and its feedback if it has one.
struct NoticeAddressee {
    DepartmentId department = 0;
    std::string measure_code;
    std::optional<std::int64_t> feedback_id;
};
std::optional<NoticeAddressee> notice_addressee(sql::Connection& c, NoticeId id);

/// True when the check log holds the decision with this receipt id.
bool check_is_logged(sql::Connection& c, std::string_view decision_id);

/// Stores feedback answered by `department` on `measure_code` (empty: none named); returns its id.
std::int64_t insert_feedback(sql::Connection& c, const Feedback& feedback, DepartmentId department, std::string_view measure_code,
                             std::string_view recorded_at);

/// Per entry of the department: notices sent, answered and how, lift notices; the newest first.
std::vector<EntryDispatchStatus> entries_dispatch_status(sql::Connection& c, DepartmentId department);

} // namespace credcheck::store
