#include "store/publication_tables.hpp"

#include "store/enum_columns.hpp"
#include "store/sql_fragments.hpp"

namespace credcheck::store {

std::vector<PublishableRecord> publishable_records(sql::Connection& c, const PublishableQuery& query) {
    sql::Query q(c.prepared(
        "SELECT r.id, r.kind, d.name, r.document_no, s.code, s.kind, s.name, r.decided_on, r.severity, r.published_on "
        "FROM records r JOIN departments d ON d.id = r.department_id JOIN subjects s ON s.id = r.subject_id "
        "WHERE (r.kind = 'license' OR r.kind = 'penalty') AND r.status = 'active' AND (NOT ?1 OR r.published_on IS NULL) "
        "  AND " CREDCHECK_SQL_DEPARTMENT_IS("?2") " "
        "  AND (?3 IS NULL OR r.decided_on >= ?3) AND (?4 IS NULL OR r.decided_on <= ?4) AND r.decided_on <= ?5 "
        "ORDER BY r.decided_on, r.id"));
    q.bind(query.unpublished_only ? 1 : 0).bind(query.department).bind(query.from).bind(query.to).bind(query.decided_by);
    std::vector<PublishableRecord> out;
    while (q.step()) {
        PublishableRecord r;
        r.id = q.integer(0);
        r.kind = enum_column<RecordKind>(q, 1);
        r.department = q.text(2);
        r.document_no = q.text(3);
        r.subject_code = q.text(4);
        r.subject_kind = enum_column<SubjectKind>(q, 5);
        r.subject_name = q.text(6);
        r.decided_on = *q.date(7);
        r.severity = optional_enum_column<Severity>(q, 8);
        r.published_on = q.date(9);
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<RecordPublication> record_publication(sql::Connection& c, DepartmentId department, std::string_view document_no) {
    sql::Query q(c.prepared("SELECT id, decided_on, status, published_on FROM records "
                            "WHERE department_id = ? AND document_no = ? AND (kind = 'license' OR kind = 'penalty')"));
    q.bind(department).bind(document_no);
    if (!q.step()) return std::nullopt;
    return RecordPublication{q.integer(0), *q.date(1), enum_column<RecordStatus>(q, 2), q.date(3)};
}

std::vector<PublicListRow> public_list(sql::Connection& c, ListColour colour, Date as_of) {
    sql::Query q(c.prepared(
        "SELECT e.list_code, l.name, s.name, s.code, s.kind, d.name, e.document_no, e.entered_on, e.expires_on, e.reason, e.legal_basis "
        "FROM list_entries e JOIN lists l ON l.code = e.list_code JOIN subjects s ON s.id = e.subject_id "
        "JOIN departments d ON d.id = e.department_id "
        "WHERE l.colour = ?1 AND " CREDCHECK_SQL_ENTRY_IN_FORCE("?2") " "
        "ORDER BY e.list_code, e.entered_on, s.code"));
    q.bind(to_string(colour)).bind(as_of);
    std::vector<PublicListRow> out;
    while (q.step())
        out.push_back(PublicListRow{std::string(q.text(0)), std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3)),
                                    enum_column<SubjectKind>(q, 4), std::string(q.text(5)), std::string(q.text(6)), *q.date(7), q.date(8),
                                    std::string(q.text(9)), std::string(q.text(10))});
    return out;
}

} // namespace credcheck::store
