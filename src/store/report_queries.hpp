// The periodic report's counts (保障措施 三): one grouped query per subject matter, each adding its
// counts to the departments' rows.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <map>
#include <string>

#include "credcheck/report_types.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// Adds to `rows` (by department name; a row is made for a department with anything to count) the
/// counts of the period [query.from, query.to] of query.department ('' for every department): list
/// entries added and ended, checks by scenario and verdict, notices received and answered, feedback on
/// check decisions, objections to its records and entries, repairs granted. Publication counts are
/// the workflow's (they follow the publicity rules).
void add_period_counts(sql::Connection& c, const ReportQuery& query, std::map<std::string, DepartmentReport>& rows);

} // namespace credcheck::store
