#include "store/report_queries.hpp"

#include "store/sql_fragments.hpp"

namespace credcheck::store {

namespace {

/// Runs a grouped statement over the period (?1 from, ?2 to, ?3 the department or ''), handing each
/// row to `add` with the department's row (column 0 names the department).
template <class Add>
void for_each_department_row(sql::Connection& c, const char* statement, const ReportQuery& query, std::map<std::string, DepartmentReport>& rows,
                             Add&& add) {
    sql::Query q(c.prepared(statement));
    q.bind(query.from).bind(query.to).bind(query.department);
    while (q.step()) {
        const std::string name(q.text(0));
        auto& row = rows[name];
        row.department = name;
        add(q, row);
    }
}

} // namespace

void add_period_counts(sql::Connection& c, const ReportQuery& query, std::map<std::string, DepartmentReport>& rows) {
    for_each_department_row(c,
                            "SELECT d.name, count(*) FILTER (WHERE e.entered_on BETWEEN ?1 AND ?2), "
                            "  count(*) FILTER (WHERE coalesce(e.ended_on, CASE WHEN e.expires_on <= ?2 THEN e.expires_on END) BETWEEN ?1 AND ?2) "
                            "FROM list_entries e JOIN departments d ON d.id = e.department_id "
                            "WHERE " CREDCHECK_SQL_DEPARTMENT_IS("?3") " GROUP BY d.id "
                            "HAVING count(*) FILTER (WHERE e.entered_on BETWEEN ?1 AND ?2) > 0 "
                            "    OR count(*) FILTER (WHERE coalesce(e.ended_on, CASE WHEN e.expires_on <= ?2 THEN e.expires_on END) BETWEEN ?1 AND ?2) > 0",
                            query, rows, [](const sql::Query& q, DepartmentReport& r) {
                                r.entries_added = q.integer(1);
                                r.entries_ended = q.integer(2);
                            });
    // Checks name their department as the principal gave it: matched to a known department by name,
    // code or USCC, else counted under the name as given.
    for_each_department_row(c,
                            "SELECT coalesce(d.name, k.department), k.scenario, k.verdict, count(*) FROM checks k "
                            "LEFT JOIN departments d ON d.name = k.department OR d.code = k.department OR d.uscc = k.department "
                            "WHERE k.as_of BETWEEN ?1 AND ?2 AND (?3 = '' OR k.department = ?3 OR d.name = ?3 OR d.code = ?3) "
                            "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                            query, rows, [](const sql::Query& q, DepartmentReport& r) {
                                r.checks.push_back({std::string(q.text(1)), std::string(q.text(2)), q.integer(3)});
                                r.checks_total += q.integer(3);
                            });
    for_each_department_row(c,
                            "SELECT d.name, count(*), count(f.id), count(*) FILTER (WHERE f.outcome = 'applied'), "
                            "  count(*) FILTER (WHERE f.outcome = 'not_applied'), count(*) FILTER (WHERE f.outcome = 'not_applicable') "
                            "FROM notices n JOIN departments d ON d.id = n.department_id LEFT JOIN feedback f ON f.notice_id = n.id "
                            "WHERE n.created_on BETWEEN ?1 AND ?2 AND " CREDCHECK_SQL_DEPARTMENT_IS("?3") " GROUP BY d.id",
                            query, rows, [](const sql::Query& q, DepartmentReport& r) {
                                r.notices = q.integer(1);
                                r.notices_answered = q.integer(2);
                                r.measures_applied = q.integer(3);
                                r.measures_not_applied = q.integer(4);
                                r.not_applicable = q.integer(5);
                                r.feedback_rate = r.notices ? static_cast<double>(r.notices_answered) / static_cast<double>(r.notices) : 0.0;
                            });
    for_each_department_row(c,
                            "SELECT d.name, count(*), count(*) FILTER (WHERE f.outcome = 'applied') "
                            "FROM feedback f JOIN departments d ON d.id = f.department_id "
                            "WHERE f.decision_id IS NOT NULL AND f.decided_on BETWEEN ?1 AND ?2 AND " CREDCHECK_SQL_DEPARTMENT_IS("?3") " GROUP BY d.id",
                            query, rows, [](const sql::Query& q, DepartmentReport& r) {
                                r.decision_feedback = q.integer(1);
                                r.decision_measures_applied = q.integer(2);
                            });
    for_each_department_row(c,
                            "SELECT d.name, count(*), count(*) FILTER (WHERE o.status <> 'pending' AND o.resolved_on <= ?2), "
                            "  count(*) FILTER (WHERE o.status <> 'pending' AND o.resolved_on <= ?2 AND o.resolved_on <= o.due_on), "
                            "  count(*) FILTER (WHERE (o.status = 'pending' OR o.resolved_on > ?2) AND o.due_on < ?2) "
                            "FROM objections o " CREDCHECK_SQL_TARGET_AND_DEPARTMENT("o")
                            "WHERE o.filed_on BETWEEN ?1 AND ?2 AND " CREDCHECK_SQL_DEPARTMENT_IS("?3") " GROUP BY d.id",
                            query, rows, [](const sql::Query& q, DepartmentReport& r) {
                                r.objections_filed = q.integer(1);
                                r.objections_resolved = q.integer(2);
                                r.objections_resolved_in_time = q.integer(3);
                                r.objections_overdue = q.integer(4);
                            });
    for_each_department_row(c,
                            "SELECT d.name, count(*) FROM repairs p " CREDCHECK_SQL_TARGET_AND_DEPARTMENT("p")
                            "WHERE p.repaired_on BETWEEN ?1 AND ?2 AND " CREDCHECK_SQL_DEPARTMENT_IS("?3") " GROUP BY d.id",
                            query, rows, [](const sql::Query& q, DepartmentReport& r) { r.repairs = q.integer(1); });
}

} // namespace credcheck::store
