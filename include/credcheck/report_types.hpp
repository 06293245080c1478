// credcheck/report_types.hpp — the periodic report's rows (credcheck/report.hpp).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <cstdint>
#include <string>
#include <vector>

#include "credcheck/date.hpp"

namespace credcheck {

struct ReportQuery {
    Date from = Date::from_days(0), to = Date::from_days(0); // inclusive
    std::string department; // empty: every department
};

struct CheckCount {
    std::string scenario, verdict;
    std::int64_t count = 0;
};

struct DepartmentReport {
    std::string department;
    // Records it decided in the period (双公示), and their publication state at the period's end.
    std::int64_t licenses = 0, penalties = 0;
    std::int64_t published_on_time = 0, published_late = 0, overdue = 0, pending = 0, not_to_publish = 0;
    // List entries it found: entered in the period, and ended (expired, removed, revoked, repaired) in it.
    std::int64_t entries_added = 0, entries_ended = 0;
    // Checks it ran in the period (by the department named in the check request).
    std::vector<CheckCount> checks;
    std::int64_t checks_total = 0;
    // Notices it received in the period and its feedback on them.
    std::int64_t notices = 0, notices_answered = 0, measures_applied = 0, measures_not_applied = 0, not_applicable = 0;
    double feedback_rate = 0; // answered / notices; 0 without notices
    // Its feedback on check decisions, given in the period.
    std::int64_t decision_feedback = 0, decision_measures_applied = 0;
    // Objections to its records and entries filed in the period; of those, resolved, resolved by the deadline.
    std::int64_t objections_filed = 0, objections_resolved = 0, objections_resolved_in_time = 0, objections_overdue = 0;
    std::int64_t repairs = 0; // of its records and entries, granted in the period
};

} // namespace credcheck
