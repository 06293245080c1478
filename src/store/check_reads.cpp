#include "store/check_reads.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "store/enum_columns.hpp"

namespace credcheck::store {

namespace {

// Entry columns shared by both entry queries: ?1 is the subject or person, ?2 the check date.
#define CREDCHECK_ENTRY_COLUMNS                                                                                          \
    "e.id, e.list_code, e.subject_id, s.code, s.name, s.kind, d.name, e.document_no, e.legal_basis, e.entered_on, "     \
    "e.expires_on, (SELECT o.id FROM objections o WHERE o.target_kind = 'entry' AND o.target_id = e.id "                \
    "AND o.filed_on <= ?2 AND (o.resolved_on IS NULL OR o.resolved_on > ?2) ORDER BY o.id LIMIT 1) "
#define CREDCHECK_ENTRY_IN_FORCE "e.status = 'active' AND e.entered_on <= ?2 AND (e.expires_on IS NULL OR e.expires_on > ?2)"

EntryFact entry_from(const sql::Query& q) {
    EntryFact e;
    e.id = q.integer(0);
    e.list_code = q.text(1);
    e.subject_id = q.integer(2);
    e.subject_code = q.text(3);
    e.subject_name = q.text(4);
    e.subject_kind = enum_column<SubjectKind>(q, 5);
    e.department = q.text(6);
    e.document_no = q.text(7);
    e.legal_basis = q.text(8);
    e.entered_on = *q.date(9);
    e.expires_on = q.date(10);
    e.pending_objection = q.optional_integer(11);
    return e;
}

} // namespace

void CheckReads::begin() {
    sql::Query(c_.prepared("BEGIN")).run();
    open_ = true;
}

void CheckReads::end() noexcept {
    if (!open_) return;
    open_ = false;
    sqlite3_exec(c_.handle(), "COMMIT", nullptr, nullptr, nullptr); // a read transaction: nothing to lose
}

CheckReads::Opening CheckReads::open(std::string_view code, SubjectId id, Date as_of) {
    // One statement instead of three: a check's fixed cost is what makes it slower than a raw lookup.
    sql::Query q(c_.prepared(
        "WITH subject AS (SELECT s.id, s.code, s.name, s.kind, s.status, s.established_on FROM subjects s "
        "  WHERE s.id = (CASE WHEN ?1 = '' THEN ?3 ELSE (SELECT subject_id FROM subject_codes WHERE code = ?1) END)) "
        "SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_version'), (SELECT max(id) FROM catalog_versions), "
        "  s.id, s.code, s.name, s.kind, s.status, s.established_on, "
        "  e.id, e.list_code, d.name, e.document_no, e.legal_basis, e.entered_on, e.expires_on, "
        "  (SELECT o.id FROM objections o WHERE o.target_kind = 'entry' AND o.target_id = e.id "
        "   AND o.filed_on <= ?2 AND (o.resolved_on IS NULL OR o.resolved_on > ?2) ORDER BY o.id LIMIT 1) "
        "FROM (SELECT 1) LEFT JOIN subject s "
        "LEFT JOIN list_entries e ON e.subject_id = s.id AND " CREDCHECK_ENTRY_IN_FORCE " "
        "LEFT JOIN departments d ON d.id = e.department_id ORDER BY e.entered_on, e.id"));
    q.bind(code).bind(as_of).bind(id);
    Opening out;
    while (q.step()) {
        out.data_version = q.integer(0);
        out.catalog_row = q.is_null(1) ? 0 : q.integer(1);
        if (q.is_null(2)) break;
        if (!out.subject) {
            SubjectFact s;
            s.id = q.integer(2);
            s.code = q.text(3);
            s.name = q.text(4);
            s.kind = enum_column<SubjectKind>(q, 5);
            s.status = enum_column<SubjectStatus>(q, 6);
            s.established_on = q.date(7);
            out.subject = std::move(s);
        }
        if (q.is_null(8)) continue;
        EntryFact e;
        e.id = q.integer(8);
        e.list_code = q.text(9);
        e.subject_id = out.subject->id;
        e.subject_code = out.subject->code;
        e.subject_name = out.subject->name;
        e.subject_kind = out.subject->kind;
        e.department = q.text(10);
        e.document_no = q.text(11);
        e.legal_basis = q.text(12);
        e.entered_on = *q.date(13);
        e.expires_on = q.date(14);
        e.pending_objection = q.optional_integer(15);
        out.entries.push_back(std::move(e));
    }
    return out;
}

std::vector<EntryFact> CheckReads::entries_naming_person(SubjectId person, Date as_of) {
    sql::Query q(c_.prepared("SELECT " CREDCHECK_ENTRY_COLUMNS "FROM entry_persons p JOIN list_entries e ON e.id = p.entry_id "
                             "JOIN subjects s ON s.id = e.subject_id JOIN departments d ON d.id = e.department_id "
                             "WHERE p.person_id = ?1 AND e.subject_id <> ?1 AND " CREDCHECK_ENTRY_IN_FORCE " ORDER BY e.entered_on, e.id"));
    q.bind(person).bind(as_of);
    std::vector<EntryFact> out;
    while (q.step()) out.push_back(entry_from(q));
    return out;
}

// Entries in force reached through a relation in force, with the relation's role. `sql` is one of the
// two literals below: the join runs from the person to the organisation's entries, or the reverse.
std::vector<std::pair<EntryFact, std::string>> CheckReads::entries_through_relations(const char* sql, SubjectId from, Date as_of) {
    sql::Query q(c_.prepared(sql));
    q.bind(from).bind(as_of);
    std::vector<std::pair<EntryFact, std::string>> out;
    while (q.step()) out.emplace_back(entry_from(q), std::string(q.text(12)));
    return out;
}

#define CREDCHECK_RELATION_IN_FORCE "(r.valid_from IS NULL OR r.valid_from <= ?2) AND (r.valid_to IS NULL OR r.valid_to > ?2)"

std::vector<std::pair<EntryFact, std::string>> CheckReads::entries_of_organizations_led_by(SubjectId person, Date as_of) {
    return entries_through_relations(
        "SELECT " CREDCHECK_ENTRY_COLUMNS ", r.role FROM relations r JOIN list_entries e ON e.subject_id = r.organization_id "
        "JOIN subjects s ON s.id = e.subject_id JOIN departments d ON d.id = e.department_id "
        "WHERE r.person_id = ?1 AND " CREDCHECK_RELATION_IN_FORCE " AND " CREDCHECK_ENTRY_IN_FORCE " ORDER BY e.subject_id, r.role, e.entered_on, e.id",
        person, as_of);
}

std::vector<std::pair<EntryFact, std::string>> CheckReads::entries_of_people_leading(SubjectId organization, Date as_of) {
    return entries_through_relations(
        "SELECT " CREDCHECK_ENTRY_COLUMNS ", r.role FROM relations r JOIN list_entries e ON e.subject_id = r.person_id "
        "JOIN subjects s ON s.id = e.subject_id JOIN departments d ON d.id = e.department_id "
        "WHERE r.organization_id = ?1 AND " CREDCHECK_RELATION_IN_FORCE " AND " CREDCHECK_ENTRY_IN_FORCE " ORDER BY e.subject_id, r.role, e.entered_on, e.id",
        organization, as_of);
}

std::optional<std::string> CheckReads::first_adverse_item(SubjectId subject, Date from, Date as_of, const CleanYearsRule& rule) {
    {
        // Black and attention entries overlapping the window; revoked and repaired ones never counted.
        sql::Query q(c_.prepared("SELECT e.list_code, e.document_no, e.entered_on FROM list_entries e JOIN lists l ON l.code = e.list_code "
                                 "WHERE e.subject_id = ?1 AND l.colour <> 'red' AND (e.status = 'active' OR e.status = 'removed') "
                                 "AND e.entered_on <= ?3 AND (e.expires_on IS NULL OR e.expires_on > ?2) ORDER BY e.entered_on LIMIT 1"));
        q.bind(subject).bind(from).bind(as_of);
        if (q.step()) return fmt::format("list entry {} ({}) entered {}", q.text(0), q.text(1), q.text(2));
    }
    sql::Query q(c_.prepared("SELECT kind, document_no, decided_on, severity FROM records WHERE subject_id = ?1 AND status = 'active' "
                             "AND decided_on <= ?3 AND (decided_on >= ?2 OR (valid_to IS NOT NULL AND valid_to >= ?2)) "
                             "ORDER BY decided_on"));
    q.bind(subject).bind(from).bind(as_of);
    while (q.step()) {
        const auto kind = parse_enum<RecordKind>(q.text(0));
        const auto severity = parse_enum<Severity>(q.text(3));
        const bool adverse_kind = kind && std::find(rule.adverse_record_kinds.begin(), rule.adverse_record_kinds.end(), *kind) !=
                                              rule.adverse_record_kinds.end();
        const bool adverse_penalty = kind == RecordKind::penalty && severity &&
                                     std::find(rule.adverse_penalty_severities.begin(), rule.adverse_penalty_severities.end(),
                                               *severity) != rule.adverse_penalty_severities.end();
        if (adverse_kind || adverse_penalty)
            return fmt::format("{} {} decided {}{}", q.text(0), q.text(1), q.text(2),
                               severity ? fmt::format(" ({})", to_string(*severity)) : std::string());
    }
    return std::nullopt;
}

} // namespace credcheck::store
