#include "store/repair_tables.hpp"

#include "store/enum_columns.hpp"

namespace credcheck::store {

std::optional<RepairTarget> repair_target(sql::Connection& c, ObjectionTarget kind, std::int64_t id) {
    RepairTarget t;
    if (kind == ObjectionTarget::record) {
        sql::Query q(c.prepared("SELECT r.status, r.subject_id, s.name, r.decided_on, r.severity, d.name, r.kind, r.document_no, s.code "
                                "FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.department_id WHERE r.id = ?"));
        q.bind(id);
        if (!q.step()) return std::nullopt;
        t.status = to_string(enum_column<RecordStatus>(q, 0));
        t.subject = q.integer(1);
        t.subject_name = q.text(2);
        t.since = *q.date(3);
        t.severity = optional_enum_column<Severity>(q, 4);
        t.department = q.text(5);
        t.record_kind = enum_column<RecordKind>(q, 6);
        t.document_no = q.text(7);
        t.subject_code = q.text(8);
    } else {
        sql::Query q(c.prepared("SELECT e.status, e.subject_id, s.name, e.entered_on, d.name, e.list_code, e.document_no, s.code "
                                "FROM list_entries e JOIN subjects s ON s.id = e.subject_id JOIN departments d ON d.id = e.department_id WHERE e.id = ?"));
        q.bind(id);
        if (!q.step()) return std::nullopt;
        t.status = to_string(enum_column<EntryStatus>(q, 0));
        t.subject = q.integer(1);
        t.subject_name = q.text(2);
        t.since = *q.date(3);
        t.department = q.text(4);
        t.list_code = q.text(5);
        t.document_no = q.text(6);
        t.subject_code = q.text(7);
    }
    return t;
}

bool is_active_commitment(sql::Connection& c, RecordId record, SubjectId subject) {
    sql::Query q(c.prepared("SELECT 1 FROM records WHERE id = ? AND subject_id = ? AND kind = 'commitment' AND status = 'active'"));
    q.bind(record).bind(subject);
    return q.step();
}

std::optional<RecordId> latest_commitment(sql::Connection& c, SubjectId subject, Date from, Date to) {
    sql::Query q(c.prepared("SELECT id FROM records WHERE subject_id = ? AND kind = 'commitment' AND status = 'active' "
                            "AND decided_on >= ? AND decided_on <= ? ORDER BY decided_on DESC, id DESC LIMIT 1"));
    q.bind(subject).bind(from).bind(to);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
}

std::optional<CommitmentRecord> commitment_by_document(sql::Connection& c, DepartmentId department, std::string_view document_no) {
    sql::Query q(c.prepared("SELECT id, subject_id FROM records WHERE kind = 'commitment' AND department_id = ? AND document_no = ?"));
    q.bind(department).bind(document_no);
    if (!q.step()) return std::nullopt;
    return CommitmentRecord{q.integer(0), q.integer(1)};
}

RecordId insert_commitment(sql::Connection& c, SubjectId subject, DepartmentId department, std::string_view document_no, Date signed_on,
                           std::string_view content) {
    sql::Query q(c.prepared("INSERT INTO records (kind, subject_id, department_id, document_no, decided_on, content) "
                            "VALUES ('commitment', ?, ?, ?, ?, ?)"));
    q.bind(subject).bind(department).bind(document_no).bind(signed_on).bind(content).run();
    return c.last_insert_rowid();
}

std::int64_t insert_repair(sql::Connection& c, ObjectionTarget target, std::int64_t target_id, Date repaired_on, std::string_view decided_by,
                           std::string_view obligations_evidence, RecordId commitment) {
    sql::Query q(c.prepared("INSERT INTO repairs (target_kind, target_id, repaired_on, decided_by, obligations_evidence, commitment_record_id) "
                            "VALUES (?, ?, ?, ?, ?, ?)"));
    q.bind(to_string(target)).bind(target_id).bind(repaired_on).bind(decided_by).bind(obligations_evidence).bind(commitment).run();
    return c.last_insert_rowid();
}

} // namespace credcheck::store
