// credcheck/report.hpp — the periodic report of the joint reward and punishment work (保障措施 三), per
// department over a period: what it collected and published, what it put on and took off lists, how it
// checked, how it answered notices, and how objections and repairs went.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/report_types.hpp"

namespace credcheck {

/// One row per department with anything to report, by name. Throws Error(invalid_argument) when
/// `to` is before `from`.
std::vector<DepartmentReport> credit_report(const Database& db, const ReportQuery& query);

} // namespace credcheck
