#include "store/entry_pushes.hpp"

namespace credcheck::store {

namespace {

#define CREDCHECK_BLACK_ENTRY_SELECT                                                                                             \
    "SELECT e.id, e.list_code, l.name, d.name, coalesce(d.uscc, ''), e.document_no, s.code, s.kind, s.name, e.entered_on, "    \
    "  coalesce(e.expires_on, ''), e.reason, e.legal_basis, p.pushed_on "                                                        \
    "FROM list_entries e JOIN lists l ON l.code = e.list_code AND l.colour = 'black' JOIN subjects s ON s.id = e.subject_id "  \
    "JOIN departments d ON d.id = e.department_id LEFT JOIN entry_pushes p ON p.entry_id = e.id WHERE e.status = 'active' "

BlackEntry entry_from(const sql::Query& q) {
    BlackEntry e;
    e.id = q.integer(0);
    e.list_code = q.text(1);
    e.list_name = q.text(2);
    e.department = q.text(3);
    e.department_uscc = q.text(4);
    e.document_no = q.text(5);
    e.subject_code = q.text(6);
    e.subject_kind = q.text(7);
    e.subject_name = q.text(8);
    e.entered_on = q.text(9);
    e.expires_on = q.text(10);
    e.reason = q.text(11);
    e.legal_basis = q.text(12);
    e.pushed_on = q.optional_text(13);
    return e;
}

} // namespace

void each_black_entry(sql::Connection& c, std::string_view as_of, const std::string& department, bool unpushed_only,
                      const std::function<void(const BlackEntry&)>& f) {
    sql::Query q(c.prepared(CREDCHECK_BLACK_ENTRY_SELECT
                            "AND e.entered_on <= ?1 AND (?2 = '' OR d.name = ?2 OR d.code = ?2 OR d.uscc = ?2) AND (NOT ?3 OR p.entry_id IS NULL) "
                            "ORDER BY e.entered_on, e.id"));
    q.bind(as_of).bind(department).bind(unpushed_only ? 1 : 0);
    while (q.step()) f(entry_from(q));
}

std::optional<BlackEntry> black_entry(sql::Connection& c, std::int64_t id) {
    sql::Query q(c.prepared(CREDCHECK_BLACK_ENTRY_SELECT "AND e.id = ?"));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return entry_from(q);
}

void record_push(sql::Connection& c, std::int64_t entry, std::string_view pushed_on, std::string_view pushed_by, std::string_view recorded_at) {
    sql::Query q(c.prepared("INSERT INTO entry_pushes (entry_id, pushed_on, pushed_by, recorded_at) VALUES (?, ?, ?, ?)"));
    q.bind(entry).bind(pushed_on).bind(pushed_by).bind(recorded_at).run();
}

} // namespace credcheck::store
