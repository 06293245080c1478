#include "store/reads.hpp"

#include <charconv>

#include "credcheck/error.hpp"
#include "store/enum_columns.hpp"

namespace credcheck::store {

namespace {

Record record_from(const sql::Query& q) {
    Record r;
    r.id = q.integer(0);
    r.kind = enum_column<RecordKind>(q, 1);
    r.subject_id = q.integer(2);
    r.department_id = q.integer(3);
    r.document_no = q.text(4);
    r.decided_on = *q.date(5);
    r.valid_from = q.date(6);
    r.valid_to = q.date(7);
    r.severity = optional_enum_column<Severity>(q, 8);
    r.category = optional_enum_column<RecordCategory>(q, 9);
    r.legal_basis = q.text(10);
    r.content = q.text(11);
    r.status = enum_column<RecordStatus>(q, 12);
    return r;
}

} // namespace

std::int64_t data_version(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT value FROM meta WHERE key = 'data_version'"));
    if (!q.step()) return 0;
    std::int64_t v = 0;
    const auto text = q.text(0);
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

std::optional<SubjectId> subject_id_by_code(sql::Connection& c, std::string_view normalized_code) {
    sql::Query q(c.prepared("SELECT subject_id FROM subject_codes WHERE code = ?"));
    q.bind(normalized_code);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
}

std::optional<Subject> subject_by_id(sql::Connection& c, SubjectId id) {
    Subject s;
    {
        sql::Query q(c.prepared("SELECT id, kind, name, code, status, established_on, division FROM subjects WHERE id = ?"));
        q.bind(id);
        if (!q.step()) return std::nullopt;
        s.id = q.integer(0);
        s.kind = enum_column<SubjectKind>(q, 1);
        s.name = q.text(2);
        s.code = q.text(3);
        s.status = enum_column<SubjectStatus>(q, 4);
        s.established_on = q.date(5);
        s.division = q.optional_text(6);
    }
    sql::Query q(c.prepared("SELECT code FROM subject_codes WHERE subject_id = ? ORDER BY code"));
    q.bind(id);
    while (q.step())
        if (q.text(0) != s.code) s.aliases.emplace_back(q.text(0));
    return s;
}

namespace {
Department department_from(const sql::Query& q) {
    return Department{q.integer(0), std::string(q.text(1)), std::string(q.text(2)), q.optional_text(3)};
}
} // namespace

std::optional<Department> department_by_id(sql::Connection& c, DepartmentId id) {
    sql::Query q(c.prepared("SELECT id, code, name, uscc FROM departments WHERE id = ?"));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return department_from(q);
}

std::optional<Department> department_by_key(sql::Connection& c, std::string_view key) {
    sql::Query q(c.prepared("SELECT id, code, name, uscc FROM departments WHERE code = ?1 OR uscc = ?1 OR name = ?1 "
                            "ORDER BY code = ?1 DESC, uscc = ?1 DESC LIMIT 1"));
    q.bind(key);
    if (!q.step()) return std::nullopt;
    return department_from(q);
}

std::vector<std::pair<Department, bool>> departments_with_designation(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT d.id, d.code, d.name, d.uscc, r.department_id IS NOT NULL FROM departments d "
                            "LEFT JOIN registration_authorities r ON r.department_id = d.id ORDER BY d.name, d.id"));
    std::vector<std::pair<Department, bool>> out;
    while (q.step()) out.emplace_back(department_from(q), q.integer(4) != 0);
    return out;
}

bool is_registration_authority(sql::Connection& c, DepartmentId id) {
    sql::Query q(c.prepared("SELECT 1 FROM registration_authorities WHERE department_id = ?"));
    q.bind(id);
    return q.step();
}

bool set_registration_authority(sql::Connection& c, DepartmentId id, bool designated, std::string_view at, std::string_view by) {
    if (designated) {
        sql::Query q(c.prepared("INSERT OR IGNORE INTO registration_authorities (department_id, designated_at, designated_by) VALUES (?, ?, ?)"));
        q.bind(id).bind(at).bind(by).run();
    } else {
        sql::Query q(c.prepared("DELETE FROM registration_authorities WHERE department_id = ?"));
        q.bind(id).run();
    }
    return c.changes() > 0;
}

std::vector<Relation> relations_of(sql::Connection& c, SubjectId id) {
    sql::Query q(c.prepared("SELECT id, organization_id, person_id, role, valid_from, valid_to FROM relations "
                            "WHERE organization_id = ?1 UNION ALL "
                            "SELECT id, organization_id, person_id, role, valid_from, valid_to FROM relations "
                            "WHERE person_id = ?1 AND organization_id <> ?1 ORDER BY 1"));
    q.bind(id);
    std::vector<Relation> out;
    while (q.step())
        out.push_back(Relation{q.integer(0), q.integer(1), q.integer(2), enum_column<Role>(q, 3), q.date(4), q.date(5)});
    return out;
}

std::vector<Record> records_of(sql::Connection& c, SubjectId id) {
    sql::Query q(c.prepared("SELECT id, kind, subject_id, department_id, document_no, decided_on, valid_from, valid_to, severity, "
                            "category, legal_basis, content, status FROM records WHERE subject_id = ? ORDER BY decided_on, id"));
    q.bind(id);
    std::vector<Record> out;
    while (q.step()) out.push_back(record_from(q));
    return out;
}

std::vector<ListEntry> entries_of(sql::Connection& c, SubjectId id) {
    std::vector<ListEntry> out;
    {
        sql::Query q(c.prepared("SELECT id, list_code, subject_id, department_id, document_no, entered_on, expires_on, reason, "
                                "legal_basis, status FROM list_entries WHERE subject_id = ? ORDER BY entered_on, id"));
        q.bind(id);
        while (q.step()) {
            ListEntry e;
            e.id = q.integer(0);
            e.list_code = q.text(1);
            e.subject_id = q.integer(2);
            e.department_id = q.integer(3);
            e.document_no = q.text(4);
            e.entered_on = *q.date(5);
            e.expires_on = q.date(6);
            e.reason = q.text(7);
            e.legal_basis = q.text(8);
            e.status = enum_column<EntryStatus>(q, 9);
            out.push_back(std::move(e));
        }
    }
    for (ListEntry& e : out) {
        sql::Query q(c.prepared("SELECT person_id FROM entry_persons WHERE entry_id = ? ORDER BY person_id"));
        q.bind(e.id);
        while (q.step()) e.responsible_persons.push_back(q.integer(0));
    }
    return out;
}

Database::Counts counts(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT (SELECT count(*) FROM subjects), (SELECT count(*) FROM relations), "
                            "(SELECT count(*) FROM departments), (SELECT count(*) FROM records), (SELECT count(*) FROM list_entries)"));
    q.step();
    return Database::Counts{q.integer(0), q.integer(1), q.integer(2), q.integer(3), q.integer(4)};
}

} // namespace credcheck::store
