#include "store/objection_tables.hpp"

#include <fmt/format.h>
#include <array>
#include <charconv>

#include "credcheck/error.hpp"
#include "store/enum_columns.hpp"
#include "store/sql_fragments.hpp"

namespace credcheck::store {

namespace {

constexpr int kDefaultVerificationDays = 5;

/// A correctable column with the statements that read and set it.
struct ColumnStatements {
    CorrectableColumn column;
    const char* select;
    const char* update;
};

#define CREDCHECK_RECORD_COLUMN(name, type)                                                                                   \
    ColumnStatements{{ObjectionTarget::record, #name, CorrectableColumn::Type::type}, "SELECT " #name " FROM records WHERE id = ?", \
                     "UPDATE records SET " #name " = ? WHERE id = ?"}
#define CREDCHECK_ENTRY_COLUMN(name, type)                                                                                    \
    ColumnStatements{{ObjectionTarget::entry, #name, CorrectableColumn::Type::type}, "SELECT " #name " FROM list_entries WHERE id = ?", \
                     "UPDATE list_entries SET " #name " = ? WHERE id = ?"}

const std::array kCorrectable = {
    CREDCHECK_RECORD_COLUMN(content, text),           CREDCHECK_RECORD_COLUMN(legal_basis, text),
    CREDCHECK_RECORD_COLUMN(facts, optional_text),    CREDCHECK_RECORD_COLUMN(severity, severity),
    CREDCHECK_RECORD_COLUMN(category, category),      CREDCHECK_RECORD_COLUMN(valid_from, optional_date),
    CREDCHECK_RECORD_COLUMN(valid_to, optional_date), CREDCHECK_RECORD_COLUMN(publicity_until, optional_date),
    CREDCHECK_ENTRY_COLUMN(reason, text),             CREDCHECK_ENTRY_COLUMN(legal_basis, text),
    CREDCHECK_ENTRY_COLUMN(entered_on, date),         CREDCHECK_ENTRY_COLUMN(expires_on, optional_date),
};
#undef CREDCHECK_RECORD_COLUMN
#undef CREDCHECK_ENTRY_COLUMN

const ColumnStatements& statements_of(const CorrectableColumn& column) {
    for (const auto& s : kCorrectable)
        if (s.column.target == column.target && s.column.name == column.name) return s;
    throw Error(Status::internal, fmt::format("no correctable column '{}'", column.name));
}

// The objection with its source department and a description of its target.
#define CREDCHECK_OBJECTION_SELECT                                                                                           \
    "SELECT o.id, o.target_kind, o.target_id, o.filed_on, o.filed_by, o.reason, o.status, o.resolved_on, o.resolved_by, "    \
    "  o.resolution, o.due_on, d.name, "                                                                                     \
    "  CASE o.target_kind WHEN 'record' THEN r.kind || ' ' || r.document_no || ' of ' || rs.name "                          \
    "                     ELSE e.list_code || ' ' || e.document_no || ' of ' || es.name END "                                 \
    "FROM objections o "                                                                                                     \
    "LEFT JOIN records r ON o.target_kind = 'record' AND r.id = o.target_id LEFT JOIN subjects rs ON rs.id = r.subject_id "  \
    "LEFT JOIN list_entries e ON o.target_kind = 'entry' AND e.id = o.target_id LEFT JOIN subjects es ON es.id = e.subject_id " \
    "LEFT JOIN departments d ON d.id = coalesce(r.department_id, e.department_id) "

/// The outcome stored in an objection's status column: nullopt while pending.
std::optional<ObjectionOutcome> outcome_column(const sql::Query& q, int column) {
    if (q.text(column) == "pending") return std::nullopt;
    return enum_column<ObjectionOutcome>(q, column);
}

Objection objection_from(const sql::Query& q) {
    Objection o;
    o.id = q.integer(0);
    o.target = enum_column<ObjectionTarget>(q, 1);
    o.target_id = q.integer(2);
    o.filed_on = *q.date(3);
    o.filed_by = q.text(4);
    o.reason = q.text(5);
    o.outcome = outcome_column(q, 6);
    o.resolved_on = q.date(7);
    o.resolved_by = q.optional_text(8).value_or("");
    o.resolution = q.optional_text(9).value_or("");
    o.due_on = q.date(10);
    o.department = q.optional_text(11).value_or("");
    o.description = q.optional_text(12).value_or("");
    return o;
}

} // namespace

std::optional<TargetOwner> target_owner(sql::Connection& c, ObjectionTarget target, std::int64_t id) {
    sql::Query q(c.prepared(target == ObjectionTarget::record
                                ? "SELECT t.department_id, s.code, t.status FROM records t JOIN subjects s ON s.id = t.subject_id WHERE t.id = ?"
                                : "SELECT t.department_id, s.code, t.status FROM list_entries t JOIN subjects s ON s.id = t.subject_id WHERE t.id = ?"));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    const std::string status(target == ObjectionTarget::record ? to_string(enum_column<RecordStatus>(q, 2)) : to_string(enum_column<EntryStatus>(q, 2)));
    return TargetOwner{q.integer(0), std::string(q.text(1)), status};
}

std::optional<ObjectionId> pending_objection(sql::Connection& c, ObjectionTarget target, std::int64_t id) {
    sql::Query q(c.prepared("SELECT id FROM objections WHERE target_kind = ? AND target_id = ? AND status = 'pending'"));
    q.bind(to_string(target)).bind(id);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
}

int objection_verification_days(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT value FROM meta WHERE key = 'objection_verification_days'"));
    if (!q.step()) return kDefaultVerificationDays;
    const std::string_view text = q.text(0);
    int days = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (error != std::errc() || end != text.data() + text.size() || days < 1)
        throw Error(Status::database_error, fmt::format("the objection verification period '{}' is not a number of days: the database was "
                                                        "altered outside credcheck", text));
    return days;
}

void set_objection_verification_days(sql::Connection& c, int days) {
    sql::Query q(c.prepared("INSERT INTO meta (key, value) VALUES ('objection_verification_days', ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.bind(std::to_string(days)).run();
}

ObjectionId insert_objection(sql::Connection& c, ObjectionTarget target, std::int64_t target_id, Date filed_on, std::string_view filed_by,
                             std::string_view reason, std::optional<Date> due_on) {
    sql::Query q(c.prepared("INSERT INTO objections (target_kind, target_id, filed_on, filed_by, reason, due_on) VALUES (?, ?, ?, ?, ?, ?)"));
    q.bind(to_string(target)).bind(target_id).bind(filed_on).bind(filed_by).bind(reason).bind(due_on).run();
    return c.last_insert_rowid();
}

std::optional<ObjectionState> objection_state(sql::Connection& c, ObjectionId id) {
    sql::Query q(c.prepared("SELECT target_kind, target_id, status, filed_on FROM objections WHERE id = ?"));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return ObjectionState{enum_column<ObjectionTarget>(q, 0), q.integer(1), outcome_column(q, 2), *q.date(3)};
}

void write_resolution(sql::Connection& c, ObjectionId id, ObjectionOutcome outcome, Date resolved_on, std::string_view resolved_by,
                      std::string_view resolution) {
    sql::Query q(c.prepared("UPDATE objections SET status = ?, resolved_on = ?, resolved_by = ?, resolution = ? WHERE id = ?"));
    q.bind(to_string(outcome)).bind(resolved_on).bind(resolved_by).bind(resolution).bind(id).run();
}

void set_target_status(sql::Connection& c, ObjectionTarget target, std::int64_t id, std::string_view status, Date on) {
    if (target == ObjectionTarget::record) {
        sql::Query q(c.prepared("UPDATE records SET status = ? WHERE id = ?"));
        q.bind(status).bind(id).run();
    } else {
        sql::Query q(c.prepared("UPDATE list_entries SET status = ?, ended_on = ? WHERE id = ?"));
        q.bind(status).bind(on).bind(id).run();
    }
}

const CorrectableColumn* correctable_column(ObjectionTarget target, std::string_view name) {
    for (const auto& s : kCorrectable)
        if (s.column.target == target && s.column.name == name) return &s.column;
    return nullptr;
}

std::string correctable_column_names(ObjectionTarget target) {
    std::string names;
    for (const auto& s : kCorrectable)
        if (s.column.target == target) names += (names.empty() ? "" : ", ") + std::string(s.column.name);
    return names;
}

std::optional<std::string> read_column(sql::Connection& c, const CorrectableColumn& column, std::int64_t id) {
    sql::Query q(c.prepared(statements_of(column).select));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return q.optional_text(0);
}

void write_column(sql::Connection& c, const CorrectableColumn& column, std::int64_t id, const std::optional<std::string>& value) {
    sql::Query q(c.prepared(statements_of(column).update));
    q.bind(value).bind(id).run();
}

std::optional<Objection> objection_by_id(sql::Connection& c, ObjectionId id) {
    sql::Query q(c.prepared(CREDCHECK_OBJECTION_SELECT "WHERE o.id = ?"));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    return objection_from(q);
}

std::vector<Objection> objections_where(sql::Connection& c, bool pending_only, std::optional<Date> overdue_on, std::string_view department) {
    sql::Query q(c.prepared(CREDCHECK_OBJECTION_SELECT
                            "WHERE (NOT ?1 OR o.status = 'pending') "
                            "  AND (?2 IS NULL OR (o.status = 'pending' AND o.due_on < ?2)) "
                            "  AND " CREDCHECK_SQL_DEPARTMENT_IS("?3") " "
                            "ORDER BY o.filed_on, o.id"));
    q.bind(pending_only ? 1 : 0).bind(overdue_on).bind(department);
    std::vector<Objection> out;
    while (q.step()) out.push_back(objection_from(q));
    return out;
}

} // namespace credcheck::store

#undef CREDCHECK_OBJECTION_SELECT
