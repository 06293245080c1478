#include "store/returns.hpp"

namespace credcheck::store {

void save_department_key(sql::Connection& c, const DepartmentKey& k) {
    sql::Query q(c.prepared("INSERT INTO department_keys (department_id, public_key, fingerprint, registered_at, registered_by) VALUES (?, ?, ?, ?, ?) "
                            "ON CONFLICT (department_id) DO UPDATE SET public_key = excluded.public_key, fingerprint = excluded.fingerprint, "
                            "registered_at = excluded.registered_at, registered_by = excluded.registered_by"));
    q.bind(k.department_id).bind(k.public_key).bind(k.fingerprint).bind(k.registered_at).bind(k.registered_by).run();
}

std::optional<DepartmentKey> department_key(sql::Connection& c, std::int64_t department_id) {
    sql::Query q(c.prepared("SELECT public_key, fingerprint, registered_at, registered_by FROM department_keys WHERE department_id = ?"));
    q.bind(department_id);
    if (!q.step()) return std::nullopt;
    return DepartmentKey{department_id, std::string(q.text(0)), std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3))};
}

std::optional<OutboxImport> outbox_import(sql::Connection& c, std::int64_t department_id, std::int64_t sequence) {
    sql::Query q(c.prepared("SELECT digest, imported_at, checks, feedback, objections FROM outbox_imports WHERE department_id = ? AND sequence = ?"));
    q.bind(department_id).bind(sequence);
    if (!q.step()) return std::nullopt;
    return OutboxImport{department_id, sequence, std::string(q.text(0)), std::string(q.text(1)), q.integer(2), q.integer(3), q.integer(4)};
}

void record_outbox_import(sql::Connection& c, const OutboxImport& i) {
    sql::Query q(c.prepared("INSERT INTO outbox_imports (department_id, sequence, digest, imported_at, checks, feedback, objections) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.bind(i.department_id).bind(i.sequence).bind(i.digest).bind(i.imported_at).bind(i.checks).bind(i.feedback).bind(i.objections).run();
}

bool insert_returned_check(sql::Connection& c, const ReturnedCheck& r) {
    sql::Query q(c.prepared("INSERT OR IGNORE INTO checks (decision_id, checked_at, as_of, department, purpose, subject_id, subject_code, scenario, "
                            "verdict, measures, data_version, catalog_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(r.decision_id).bind(r.checked_at).bind(r.as_of).bind(r.department).bind(r.purpose).bind(r.subject_id).bind(r.subject_code)
        .bind(r.scenario).bind(r.verdict).bind(r.measures).bind(r.data_version).bind(r.catalog_version).run();
    return c.changes() > 0;
}

bool subject_exists(sql::Connection& c, std::int64_t id) {
    sql::Query q(c.prepared("SELECT 1 FROM subjects WHERE id = ?"));
    q.bind(id);
    return q.step();
}

bool check_recorded(sql::Connection& c, std::string_view decision_id) {
    sql::Query q(c.prepared("SELECT 1 FROM checks WHERE decision_id = ?"));
    q.bind(decision_id);
    return q.step();
}

std::int64_t insert_returned_feedback(sql::Connection& c, const ReturnedFeedback& f) {
    sql::Query q(c.prepared("INSERT INTO feedback (notice_id, decision_id, measure_code, department_id, outcome, reason, officer, decided_on, "
                            "case_ref, recorded_at) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(f.decision_id).bind(f.measure.empty() ? std::optional<std::string>() : f.measure).bind(f.department_id).bind(f.outcome).bind(f.reason)
        .bind(f.officer).bind(f.decided_on).bind(f.case_ref).bind(f.recorded_at).run();
    return c.last_insert_rowid();
}

std::int64_t insert_received_objection(sql::Connection& c, const ReceivedObjectionRow& r) {
    sql::Query q(c.prepared("INSERT INTO received_objections (target_kind, target_id, received_on, filed_by, reason, officer, recorded_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.bind(r.target_kind).bind(r.target_id).bind(r.received_on).bind(r.filed_by).bind(r.reason).bind(r.officer).bind(r.recorded_at).run();
    return c.last_insert_rowid();
}

bool target_exists(sql::Connection& c, std::string_view target_kind, std::int64_t id) {
    sql::Query q(c.prepared(target_kind == "record" ? "SELECT 1 FROM records WHERE id = ?" : "SELECT 1 FROM list_entries WHERE id = ?"));
    q.bind(id);
    return q.step();
}

std::optional<OutboxExport> last_outbox_export(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT sequence, audit_up_to, feedback_up_to, received_up_to, digest, created_at FROM outbox_exports "
                            "ORDER BY sequence DESC LIMIT 1"));
    if (!q.step()) return std::nullopt;
    return OutboxExport{q.integer(0), q.integer(1), q.integer(2), q.integer(3), std::string(q.text(4)), std::string(q.text(5))};
}

void record_outbox_export(sql::Connection& c, const OutboxExport& e) {
    sql::Query q(c.prepared("INSERT INTO outbox_exports (sequence, audit_up_to, feedback_up_to, received_up_to, digest, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)"));
    q.bind(e.sequence).bind(e.audit_up_to).bind(e.feedback_up_to).bind(e.received_up_to).bind(e.digest).bind(e.created_at).run();
}

void each_logged_check(sql::Connection& c, std::int64_t after, const std::function<void(const LoggedCheck&)>& f) {
    sql::Query q(c.prepared("SELECT a.seq, a.at, a.department, a.role, a.officer, a.subject, a.details, k.subject_id FROM audit_log a "
                            "LEFT JOIN checks k ON k.decision_id = json_extract(a.details, '$.decision_id') "
                            "WHERE a.seq > ? AND a.action = 'check' ORDER BY a.seq"));
    q.bind(after);
    while (q.step())
        f(LoggedCheck{q.integer(0), std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3)), std::string(q.text(4)),
                      std::string(q.text(5)), std::string(q.text(6)), q.optional_integer(7)});
}

std::int64_t last_audit_seq(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT coalesce(max(seq), 0) FROM audit_log"));
    q.step();
    return q.integer(0);
}

void each_local_feedback(sql::Connection& c, std::int64_t after, const std::function<void(const LocalFeedback&)>& f) {
    sql::Query q(c.prepared("SELECT f.id, coalesce(f.decision_id, ''), coalesce(f.measure_code, ''), d.name, f.outcome, f.reason, f.officer, "
                            "f.decided_on, f.case_ref, f.recorded_at FROM feedback f JOIN departments d ON d.id = f.department_id "
                            "WHERE f.id > ? AND f.decision_id IS NOT NULL ORDER BY f.id"));
    q.bind(after);
    while (q.step())
        f(LocalFeedback{q.integer(0), std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3)), std::string(q.text(4)),
                        std::string(q.text(5)), std::string(q.text(6)), std::string(q.text(7)), std::string(q.text(8)), std::string(q.text(9))});
}

std::int64_t last_feedback_id(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT coalesce(max(id), 0) FROM feedback"));
    q.step();
    return q.integer(0);
}

void each_received_objection(sql::Connection& c, std::int64_t after, const std::function<void(const ReceivedObjectionRow&)>& f) {
    sql::Query q(c.prepared("SELECT id, target_kind, target_id, received_on, filed_by, reason, officer, recorded_at FROM received_objections "
                            "WHERE id > ? ORDER BY id"));
    q.bind(after);
    while (q.step())
        f(ReceivedObjectionRow{q.integer(0), std::string(q.text(1)), q.integer(2), std::string(q.text(3)), std::string(q.text(4)),
                               std::string(q.text(5)), std::string(q.text(6)), std::string(q.text(7))});
}

std::int64_t last_received_objection(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT coalesce(max(id), 0) FROM received_objections"));
    q.step();
    return q.integer(0);
}

} // namespace credcheck::store
