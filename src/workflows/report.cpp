// The periodic report: one grouped query per subject matter, merged per department.
#include "credcheck/check.hpp"
#include "credcheck/report.hpp"

#include <fmt/format.h>
#include <map>

#include "credcheck/error.hpp"
#include "credcheck/publication.hpp"
#include "security/permissions.hpp"
#include "store/open_file.hpp"

namespace credcheck {

namespace {

std::vector<DepartmentReport> credit_report_scoped(const Database& db, const ReportQuery& query) {
    std::map<std::string, DepartmentReport> by_department;
    const auto row = [&](std::string_view name) -> DepartmentReport& {
        auto& r = by_department[std::string(name)];
        r.department = name;
        return r;
    };

    PublicationQuery publication;
    publication.as_of = query.to;
    publication.overdue_only = false;
    publication.from = query.from;
    publication.to = query.to;
    publication.department = query.department;
    for (const auto& item : publication_status(db, publication)) {
        auto& r = row(item.department);
        ++(item.kind == RecordKind::license ? r.licenses : r.penalties);
        switch (item.state) {
        case PublicationState::on_time: ++r.published_on_time; break;
        case PublicationState::late: ++r.published_late; break;
        case PublicationState::overdue: ++r.overdue; break;
        case PublicationState::not_to_publish: ++r.not_to_publish; break;
        default: ++r.pending; break;
        }
    }

    auto c = store::OpenFile(db).read();
    // The department filter, as every query below spells it: ?3 is the department asked for, or ''.
    {
        sql::Query q(c->prepared(
            "SELECT d.name, count(*) FILTER (WHERE e.entered_on BETWEEN ?1 AND ?2), "
            "  count(*) FILTER (WHERE coalesce(e.ended_on, CASE WHEN e.expires_on <= ?2 THEN e.expires_on END) BETWEEN ?1 AND ?2) "
            "FROM list_entries e JOIN departments d ON d.id = e.department_id "
            "WHERE (?3 = '' OR d.name = ?3 OR d.code = ?3 OR d.uscc = ?3) GROUP BY d.id"));
        q.bind(query.from).bind(query.to).bind(query.department);
        while (q.step()) {
            if (q.integer(1) == 0 && q.integer(2) == 0) continue;
            auto& r = row(q.text(0));
            r.entries_added = q.integer(1);
            r.entries_ended = q.integer(2);
        }
    }
    {
        sql::Query q(c->prepared("SELECT coalesce(d.name, k.department), k.scenario, k.verdict, count(*) FROM checks k "
                                 "LEFT JOIN departments d ON d.name = k.department OR d.code = k.department OR d.uscc = k.department "
                                 "WHERE k.as_of BETWEEN ?1 AND ?2 AND (?3 = '' OR k.department = ?3 OR d.name = ?3 OR d.code = ?3) "
                                 "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
        q.bind(query.from).bind(query.to).bind(query.department);
        while (q.step()) {
            auto& r = row(q.text(0));
            r.checks.push_back({std::string(q.text(1)), std::string(q.text(2)), q.integer(3)});
            r.checks_total += q.integer(3);
        }
    }
    {
        sql::Query q(c->prepared("SELECT d.name, count(*), count(f.id), count(*) FILTER (WHERE f.outcome = 'applied'), "
                                 "  count(*) FILTER (WHERE f.outcome = 'not_applied'), count(*) FILTER (WHERE f.outcome = 'not_applicable') "
                                 "FROM notices n JOIN departments d ON d.id = n.department_id LEFT JOIN feedback f ON f.notice_id = n.id "
                                 "WHERE n.created_on BETWEEN ?1 AND ?2 AND (?3 = '' OR d.name = ?3 OR d.code = ?3 OR d.uscc = ?3) GROUP BY d.id"));
        q.bind(query.from).bind(query.to).bind(query.department);
        while (q.step()) {
            auto& r = row(q.text(0));
            r.notices = q.integer(1);
            r.notices_answered = q.integer(2);
            r.measures_applied = q.integer(3);
            r.measures_not_applied = q.integer(4);
            r.not_applicable = q.integer(5);
            r.feedback_rate = r.notices ? static_cast<double>(r.notices_answered) / static_cast<double>(r.notices) : 0.0;
        }
    }
    {
        sql::Query q(c->prepared("SELECT d.name, count(*), count(*) FILTER (WHERE f.outcome = 'applied') "
                                 "FROM feedback f JOIN departments d ON d.id = f.department_id "
                                 "WHERE f.decision_id IS NOT NULL AND f.decided_on BETWEEN ?1 AND ?2 "
                                 "  AND (?3 = '' OR d.name = ?3 OR d.code = ?3 OR d.uscc = ?3) GROUP BY d.id"));
        q.bind(query.from).bind(query.to).bind(query.department);
        while (q.step()) {
            auto& r = row(q.text(0));
            r.decision_feedback = q.integer(1);
            r.decision_measures_applied = q.integer(2);
        }
    }
    {
        sql::Query q(c->prepared(
            "SELECT d.name, count(*), count(*) FILTER (WHERE o.status <> 'pending' AND o.resolved_on <= ?2), "
            "  count(*) FILTER (WHERE o.status <> 'pending' AND o.resolved_on <= ?2 AND o.resolved_on <= o.due_on), "
            "  count(*) FILTER (WHERE (o.status = 'pending' OR o.resolved_on > ?2) AND o.due_on < ?2) "
            "FROM objections o LEFT JOIN records r ON o.target_kind = 'record' AND r.id = o.target_id "
            "LEFT JOIN list_entries e ON o.target_kind = 'entry' AND e.id = o.target_id "
            "JOIN departments d ON d.id = coalesce(r.department_id, e.department_id) "
            "WHERE o.filed_on BETWEEN ?1 AND ?2 AND (?3 = '' OR d.name = ?3 OR d.code = ?3 OR d.uscc = ?3) GROUP BY d.id"));
        q.bind(query.from).bind(query.to).bind(query.department);
        while (q.step()) {
            auto& r = row(q.text(0));
            r.objections_filed = q.integer(1);
            r.objections_resolved = q.integer(2);
            r.objections_resolved_in_time = q.integer(3);
            r.objections_overdue = q.integer(4);
        }
    }
    {
        sql::Query q(c->prepared("SELECT d.name, count(*) FROM repairs p "
                                 "LEFT JOIN records r ON p.target_kind = 'record' AND r.id = p.target_id "
                                 "LEFT JOIN list_entries e ON p.target_kind = 'entry' AND e.id = p.target_id "
                                 "JOIN departments d ON d.id = coalesce(r.department_id, e.department_id) "
                                 "WHERE p.repaired_on BETWEEN ?1 AND ?2 AND (?3 = '' OR d.name = ?3 OR d.code = ?3 OR d.uscc = ?3) GROUP BY d.id"));
        q.bind(query.from).bind(query.to).bind(query.department);
        while (q.step()) row(q.text(0)).repairs = q.integer(1);
    }
    std::vector<DepartmentReport> out;
    for (auto& [name, r] : by_department) out.push_back(std::move(r));
    return out;
}

} // namespace

std::vector<DepartmentReport> credit_report(const Database& db, const ReportQuery& query) {
    if (query.to < query.from)
        throw Error(Status::invalid_argument, fmt::format("the report period ends ({}) before it starts ({})", query.to.iso(), query.from.iso()));
    ReportQuery scoped = query;
    scoped.department = security::department_scope(db, query.department, "read the report");
    flush_check_log(db); // the checks counted include those still queued
    return credit_report_scoped(db, scoped);
}

} // namespace credcheck
