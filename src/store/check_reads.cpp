#include "store/check_reads.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "store/enum_columns.hpp"

namespace credcheck::store {

namespace {

// The reads below never filter on a value that could be damaged: a WHERE clause on a date or status
// would silently drop a row whose value was altered (a list entry whose status became 'x' would stop
// counting and the subject would come out ALLOW). They exclude only the three states that never count
// (removed, revoked, repaired); every other row is read, its values are checked against their domains
// (Query::date, enum_column: a bad value is Error(database_error)) and "in force on the date" is
// decided here, in one place.
#define CREDCHECK_ENTRY_NOT_ENDED "e.status <> 'removed' AND e.status <> 'revoked' AND e.status <> 'repaired'"

// The objection columns of an entry, ?2 being the check date: the first objection pending on that
// date, and how many of the entry's objections hold a value outside its domain.
#define CREDCHECK_ENTRY_OBJECTIONS                                                                                      \
    "(SELECT o.id FROM objections o WHERE o.target_kind = 'entry' AND o.target_id = e.id "                               \
    " AND o.filed_on <= ?2 AND (o.resolved_on IS NULL OR o.resolved_on > ?2) ORDER BY o.id LIMIT 1), "                  \
    "(SELECT count(*) FROM objections o WHERE o.target_kind = 'entry' AND o.target_id = e.id AND NOT ("                  \
    " date(o.filed_on) IS o.filed_on AND (o.resolved_on IS NULL OR date(o.resolved_on) IS o.resolved_on) AND "          \
    " (o.status = 'pending' OR o.status = 'upheld' OR o.status = 'corrected' OR o.status = 'revoked'))) "

// Entry columns shared by the relation and person queries (0–13): ?1 is the subject or person, ?2 the date.
#define CREDCHECK_ENTRY_COLUMNS                                                                                          \
    "e.id, e.list_code, e.subject_id, s.code, s.name, s.kind, d.name, e.document_no, e.legal_basis, e.entered_on, "     \
    "e.expires_on, e.status, " CREDCHECK_ENTRY_OBJECTIONS

/// Checks what the query cannot: the entry's status is a known one (the query excluded the ended
/// ones, so it must be active), its objections are intact, and it names its department.
void check_entry_values(const sql::Query& q, int status_column, int damaged_objections_column, int department_column, EntryId id) {
    if (enum_column<EntryStatus>(q, status_column) != EntryStatus::active)
        throw Error(Status::internal, fmt::format("list entry {}: an ended entry was read as not ended", id));
    if (q.integer(damaged_objections_column) > 0)
        throw Error(Status::database_error,
                    fmt::format("list entry {} has an objection whose date or status is not valid: the database was altered outside credcheck", id));
    if (q.is_null(department_column))
        throw Error(Status::database_error, fmt::format("list entry {} names no department: the database was altered outside credcheck", id));
}

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
    if (q.is_null(9)) throw Error(Status::database_error, fmt::format("list entry {} has no entry date", e.id));
    e.entered_on = *q.date(9);
    e.expires_on = q.date(10);
    check_entry_values(q, 11, 13, 6, e.id);
    e.pending_objection = q.optional_integer(12);
    return e;
}

bool in_force(const EntryFact& e, Date d) { return e.entered_on <= d && (!e.expires_on || d < *e.expires_on); }

bool relation_in_force(const sql::Query& q, int from_column, int to_column, Date d) {
    const auto from = q.date(from_column);
    const auto to = q.date(to_column);
    return (!from || *from <= d) && (!to || d < *to);
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
        "  e.id, e.list_code, d.name, e.document_no, e.legal_basis, e.entered_on, e.expires_on, e.status, "
        "  " CREDCHECK_ENTRY_OBJECTIONS ", (SELECT sequence FROM replica_state WHERE id = 1) "
        "FROM (SELECT 1) LEFT JOIN subject s "
        "LEFT JOIN list_entries e ON e.subject_id = s.id AND " CREDCHECK_ENTRY_NOT_ENDED " "
        "LEFT JOIN departments d ON d.id = e.department_id ORDER BY e.entered_on, e.id"));
    q.bind(code).bind(as_of).bind(id);
    Opening out;
    while (q.step()) {
        out.data_version = q.integer(0);
        out.catalog_row = q.is_null(1) ? 0 : q.integer(1);
        out.feed_sequence = q.integer(18);
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
        if (q.is_null(13)) throw Error(Status::database_error, fmt::format("list entry {} has no entry date", e.id));
        e.entered_on = *q.date(13);
        e.expires_on = q.date(14);
        check_entry_values(q, 15, 17, 10, e.id);
        e.pending_objection = q.optional_integer(16);
        if (in_force(e, as_of)) out.entries.push_back(std::move(e));
    }
    return out;
}

CheckReads::DataFacts CheckReads::data_facts() {
    sql::Query q(c_.prepared("SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_version'), "
                             "coalesce((SELECT value FROM meta WHERE key = 'data_as_of'), ''), EXISTS (SELECT 1 FROM list_entries)"));
    q.step();
    DataFacts facts{q.integer(0), std::string(q.text(1)), q.integer(2) != 0, std::nullopt};
    sql::Query replica(c_.prepared("SELECT sequence, data_version, data_as_of, expires_at FROM replica_state WHERE id = 1"));
    if (replica.step())
        facts.replica = DataFacts::Replica{replica.integer(0), replica.integer(1), std::string(replica.text(2)), std::string(replica.text(3))};
    return facts;
}

std::vector<EntryFact> CheckReads::entries_naming_person(SubjectId person, Date as_of) {
    sql::Query q(c_.prepared("SELECT " CREDCHECK_ENTRY_COLUMNS "FROM entry_persons p JOIN list_entries e ON e.id = p.entry_id "
                             "JOIN subjects s ON s.id = e.subject_id LEFT JOIN departments d ON d.id = e.department_id "
                             "WHERE p.person_id = ?1 AND e.subject_id <> ?1 AND " CREDCHECK_ENTRY_NOT_ENDED " ORDER BY e.entered_on, e.id"));
    q.bind(person).bind(as_of);
    std::vector<EntryFact> out;
    while (q.step())
        if (auto e = entry_from(q); in_force(e, as_of)) out.push_back(std::move(e));
    return out;
}

// Entries in force reached through a relation in force, with the relation's role. `sql` is one of the
// two literals below: the join runs from the person to the organisation's entries, or the reverse;
// columns 14–16 are the relation's role, start and end.
std::vector<std::pair<EntryFact, Role>> CheckReads::entries_through_relations(const char* sql, SubjectId from, Date as_of) {
    sql::Query q(c_.prepared(sql));
    q.bind(from).bind(as_of);
    std::vector<std::pair<EntryFact, Role>> out;
    while (q.step()) {
        auto e = entry_from(q);
        const Role role = enum_column<Role>(q, 14);
        if (relation_in_force(q, 15, 16, as_of) && in_force(e, as_of)) out.emplace_back(std::move(e), role);
    }
    return out;
}

std::vector<std::pair<EntryFact, Role>> CheckReads::entries_of_organizations_led_by(SubjectId person, Date as_of) {
    return entries_through_relations(
        "SELECT " CREDCHECK_ENTRY_COLUMNS ", r.role, r.valid_from, r.valid_to FROM relations r "
        "JOIN list_entries e ON e.subject_id = r.organization_id "
        "JOIN subjects s ON s.id = e.subject_id LEFT JOIN departments d ON d.id = e.department_id "
        "WHERE r.person_id = ?1 AND " CREDCHECK_ENTRY_NOT_ENDED " ORDER BY e.subject_id, r.role, e.entered_on, e.id",
        person, as_of);
}

std::vector<std::pair<EntryFact, Role>> CheckReads::entries_of_people_leading(SubjectId organization, Date as_of) {
    return entries_through_relations(
        "SELECT " CREDCHECK_ENTRY_COLUMNS ", r.role, r.valid_from, r.valid_to FROM relations r "
        "JOIN list_entries e ON e.subject_id = r.person_id "
        "JOIN subjects s ON s.id = e.subject_id LEFT JOIN departments d ON d.id = e.department_id "
        "WHERE r.organization_id = ?1 AND " CREDCHECK_ENTRY_NOT_ENDED " ORDER BY e.subject_id, r.role, e.entered_on, e.id",
        organization, as_of);
}

std::optional<std::string> CheckReads::first_adverse_item(SubjectId subject, Date from, Date as_of, const AdverseRecords& adverse) {
    {
        // Black and attention entries overlapping the window; revoked and repaired ones never counted,
        // removed ones did while they stood.
        sql::Query q(c_.prepared("SELECT e.id, e.list_code, e.document_no, e.entered_on, e.expires_on, e.status FROM list_entries e "
                                 "JOIN lists l ON l.code = e.list_code WHERE e.subject_id = ?1 AND l.colour <> 'red' "
                                 "ORDER BY e.entered_on, e.id"));
        q.bind(subject);
        while (q.step()) {
            const EntryStatus status = enum_column<EntryStatus>(q, 5);
            const auto entered = q.date(3);
            const auto expires = q.date(4);
            if (!entered) throw Error(Status::database_error, fmt::format("list entry {} has no entry date", q.integer(0)));
            const bool counted = status == EntryStatus::active || status == EntryStatus::removed;
            if (counted && *entered <= as_of && (!expires || *expires > from))
                return fmt::format("list entry {} ({}) entered {}", q.text(1), q.text(2), entered->iso());
        }
    }
    sql::Query q(c_.prepared("SELECT id, kind, document_no, decided_on, severity, status, valid_to FROM records WHERE subject_id = ?1 "
                             "ORDER BY decided_on, id"));
    q.bind(subject);
    while (q.step()) {
        const auto kind = enum_column<RecordKind>(q, 1);
        const auto severity = optional_enum_column<Severity>(q, 4);
        const auto status = enum_column<RecordStatus>(q, 5);
        const auto decided = q.date(3);
        const auto valid_to = q.date(6);
        if (!decided) throw Error(Status::database_error, fmt::format("record {} has no decision date", q.integer(0)));
        if (status != RecordStatus::active || *decided > as_of || (*decided < from && (!valid_to || *valid_to < from))) continue;
        const bool adverse_kind = std::find(adverse.kinds.begin(), adverse.kinds.end(), kind) != adverse.kinds.end();
        const bool adverse_penalty =
            kind == RecordKind::penalty && severity &&
            std::find(adverse.penalty_severities.begin(), adverse.penalty_severities.end(), *severity) != adverse.penalty_severities.end();
        if (adverse_kind || adverse_penalty)
            return fmt::format("{} {} decided {}{}", q.text(1), q.text(2), decided->iso(),
                               severity ? fmt::format(" ({})", to_string(*severity)) : std::string());
    }
    return std::nullopt;
}

} // namespace credcheck::store
