#include "store/dispatch_tables.hpp"

#include <algorithm>

#include "store/enum_columns.hpp"
#include "util/clock.hpp"

namespace credcheck::store {

std::vector<MeasureRoute> measure_routes(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT r.measure_code, d.name, d.uscc FROM measure_routes r JOIN departments d ON d.id = r.department_id "
                            "ORDER BY r.measure_code, d.name"));
    std::vector<MeasureRoute> out;
    while (q.step()) out.push_back({std::string(q.text(0)), std::string(q.text(1)), q.optional_text(2)});
    return out;
}

void clear_measure_routes(sql::Connection& c, std::string_view measure_code) {
    sql::Query q(c.prepared("DELETE FROM measure_routes WHERE measure_code = ?"));
    q.bind(measure_code).run();
}

void add_measure_route(sql::Connection& c, std::string_view measure_code, DepartmentId department) {
    sql::Query q(c.prepared("INSERT OR IGNORE INTO measure_routes (measure_code, department_id) VALUES (?, ?)"));
    q.bind(measure_code).bind(department).run();
}

DispatchCounts write_due_notices(sql::Connection& c, Date as_of, Date today) {
    const std::string now = utc_timestamp();
    // Only the clock turns an expiry into a lift notice: a caller's date (a dispatch, an import's
    // --as-of, a resolution date) never reaches past today, so no one can lift an entry early by
    // naming a later day — and then see the real lift notice never sent.
    as_of = std::min(as_of, today);
    DispatchCounts counts;
    {
        // An entry seen ended for the first time gets the day, for reports.
        sql::Query q(c.prepared("UPDATE list_entries SET ended_on = ?1 WHERE status <> 'active' AND ended_on IS NULL"));
        q.bind(as_of).run();
    }
    {
        sql::Query q(c.prepared(
            "INSERT OR IGNORE INTO notices (kind, entry_id, measure_code, department_id, cause, created_on, created_at) "
            "SELECT 'apply', e.id, t.measure_code, r.department_id, 'entered', ?1, ?2 "
            "FROM list_entries e JOIN measure_triggers t ON t.list_code = e.list_code "
            "JOIN measure_routes r ON r.measure_code = t.measure_code "
            "WHERE e.status = 'active' AND (e.expires_on IS NULL OR e.expires_on > ?3) "
            "ORDER BY e.id, t.measure_code, r.department_id"));
        q.bind(as_of).bind(now).bind(today).run();
        counts.apply = c.changes();
    }
    {
        // Every department told to apply a measure is told to lift it when the entry ends.
        sql::Query q(c.prepared(
            "INSERT OR IGNORE INTO notices (kind, entry_id, measure_code, department_id, cause, created_on, created_at) "
            "SELECT 'lift', n.entry_id, n.measure_code, n.department_id, "
            "       CASE WHEN e.status = 'active' THEN 'expired' ELSE e.status END, ?1, ?2 "
            "FROM notices n JOIN list_entries e ON e.id = n.entry_id "
            "WHERE n.kind = 'apply' AND (e.status <> 'active' OR (e.expires_on IS NOT NULL AND e.expires_on <= ?3)) "
            "ORDER BY n.id"));
        q.bind(as_of).bind(now).bind(today).run();
        counts.lift = c.changes();
    }
    return counts;
}

std::vector<Notice> notices_to(sql::Connection& c, const Department& department, bool include_answered) {
    sql::Query q(c.prepared(
        "SELECT n.id, n.kind, n.cause, n.created_on, n.measure_code, e.id, e.list_code, s.code, s.name, i.name, e.document_no, "
        "       e.entered_on, e.expires_on, f.outcome "
        "FROM notices n JOIN list_entries e ON e.id = n.entry_id JOIN subjects s ON s.id = e.subject_id "
        "JOIN departments i ON i.id = e.department_id LEFT JOIN feedback f ON f.notice_id = n.id "
        "WHERE n.department_id = ?1 AND (?2 OR f.id IS NULL) ORDER BY n.id DESC"));
    q.bind(department.id).bind(include_answered ? 1 : 0);
    std::vector<Notice> out;
    while (q.step()) {
        Notice n;
        n.id = q.integer(0);
        n.kind = enum_column<NoticeKind>(q, 1);
        n.cause = enum_column<NoticeCause>(q, 2);
        n.created_on = *q.date(3);
        n.measure_code = q.text(4);
        n.department = department.name;
        n.entry_id = q.integer(5);
        n.list_code = q.text(6);
        n.subject_code = q.text(7);
        n.subject_name = q.text(8);
        n.initiating_department = q.text(9);
        n.document_no = q.text(10);
        n.entered_on = *q.date(11);
        n.expires_on = q.date(12);
        n.feedback = optional_enum_column<FeedbackOutcome>(q, 13);
        out.push_back(std::move(n));
    }
    return out;
}

std::optional<NoticeAddressee> notice_addressee(sql::Connection& c, NoticeId id) {
    sql::Query q(c.prepared("SELECT n.department_id, n.measure_code, f.id FROM notices n LEFT JOIN feedback f ON f.notice_id = n.id "
                            "WHERE n.id = ?"));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return NoticeAddressee{q.integer(0), std::string(q.text(1)), q.optional_integer(2)};
}

bool check_is_logged(sql::Connection& c, std::string_view decision_id) {
    sql::Query q(c.prepared("SELECT 1 FROM checks WHERE decision_id = ?"));
    q.bind(decision_id);
    return q.step();
}

std::int64_t insert_feedback(sql::Connection& c, const Feedback& f, DepartmentId department, std::string_view measure_code,
                             std::string_view recorded_at) {
    sql::Query q(c.prepared("INSERT INTO feedback (notice_id, decision_id, measure_code, department_id, outcome, reason, officer, "
                            "decided_on, case_ref, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(f.notice_id)
        .bind(f.decision_id.empty() ? std::optional<std::string>() : f.decision_id)
        .bind(measure_code.empty() ? std::optional<std::string>() : std::string(measure_code))
        .bind(department)
        .bind(to_string(f.outcome))
        .bind(f.reason)
        .bind(f.officer)
        .bind(f.decided_on)
        .bind(f.case_ref)
        .bind(recorded_at)
        .run();
    return c.last_insert_rowid();
}

std::vector<EntryDispatchStatus> entries_dispatch_status(sql::Connection& c, DepartmentId department) {
    sql::Query q(c.prepared(
        "SELECT e.id, e.list_code, e.document_no, s.code, s.name, e.status, "
        "  count(n.id) FILTER (WHERE n.kind = 'apply'), count(f.id) FILTER (WHERE n.kind = 'apply'), "
        "  count(f.id) FILTER (WHERE f.outcome = 'applied' AND n.kind = 'apply'), "
        "  count(f.id) FILTER (WHERE f.outcome = 'not_applied' AND n.kind = 'apply'), "
        "  count(f.id) FILTER (WHERE f.outcome = 'not_applicable' AND n.kind = 'apply'), "
        "  count(n.id) FILTER (WHERE n.kind = 'lift') "
        "FROM list_entries e JOIN subjects s ON s.id = e.subject_id "
        "LEFT JOIN notices n ON n.entry_id = e.id LEFT JOIN feedback f ON f.notice_id = n.id "
        "WHERE e.department_id = ? GROUP BY e.id ORDER BY e.entered_on DESC, e.id DESC"));
    q.bind(department);
    std::vector<EntryDispatchStatus> out;
    while (q.step()) {
        EntryDispatchStatus s;
        s.entry_id = q.integer(0);
        s.list_code = q.text(1);
        s.document_no = q.text(2);
        s.subject_code = q.text(3);
        s.subject_name = q.text(4);
        s.status = enum_column<EntryStatus>(q, 5);
        s.notices = q.integer(6);
        s.answered = q.integer(7);
        s.applied = q.integer(8);
        s.not_applied = q.integer(9);
        s.not_applicable = q.integer(10);
        s.lifts = q.integer(11);
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace credcheck::store
