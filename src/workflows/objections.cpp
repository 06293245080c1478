// Objections (seed item 19): filing suspends the target's measures; the source department verifies
// within a number of working days; the outcome stands, amends or removes the target.
#include "credcheck/objections.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "store/calendar_tables.hpp"
#include "store/database_impl.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/notices.hpp"
#include "store/reads.hpp"
#include "store/writer.hpp"
#include "workflows/objections_internal.hpp"

namespace credcheck {

std::string_view to_string(ObjectionTarget t) noexcept { return t == ObjectionTarget::record ? "record" : "entry"; }

std::string_view to_string(ObjectionOutcome o) noexcept {
    switch (o) {
    case ObjectionOutcome::upheld: return "upheld";
    case ObjectionOutcome::corrected: return "corrected";
    case ObjectionOutcome::revoked: return "revoked";
    }
    return "unknown";
}

namespace {

constexpr int kDefaultVerificationDays = 5;

/// The source department of a record or entry, its subject's code (for the audit trail) and its
/// status; Error(not_found) when there is no such target.
struct Owner {
    Department department;
    std::string subject_code;
    std::string status;
};

Owner owner_of(sql::Connection& c, ObjectionTarget target, std::int64_t id) {
    sql::Query q(c.prepared(target == ObjectionTarget::record
                                ? "SELECT t.department_id, s.code, t.status FROM records t JOIN subjects s ON s.id = t.subject_id WHERE t.id = ?"
                                : "SELECT t.department_id, s.code, t.status FROM list_entries t JOIN subjects s ON s.id = t.subject_id WHERE t.id = ?"));
    q.bind(id);
    if (!q.step()) throw Error(Status::not_found, fmt::format("no {} with id {} to object to", to_string(target), id));
    return Owner{*store::department_by_id(c, q.integer(0)), std::string(q.text(1)), std::string(q.text(2))};
}

int verification_days(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT value FROM meta WHERE key = 'objection_verification_days'"));
    return q.step() ? std::stoi(std::string(q.text(0))) : kDefaultVerificationDays;
}

/// One column an objection may correct: the statement that reads it and the one that sets it.
struct CorrectableColumn {
    ObjectionTarget target;
    std::string_view name;
    enum class Type { text, optional_text, date, optional_date, severity, category } type;
    const char* select;
    const char* update;
};

#define CREDCHECK_RECORD_COLUMN(column, type) \
    CorrectableColumn{ObjectionTarget::record, #column, CorrectableColumn::Type::type, "SELECT " #column " FROM records WHERE id = ?", \
                      "UPDATE records SET " #column " = ? WHERE id = ?"}
#define CREDCHECK_ENTRY_COLUMN(column, type) \
    CorrectableColumn{ObjectionTarget::entry, #column, CorrectableColumn::Type::type, "SELECT " #column " FROM list_entries WHERE id = ?", \
                      "UPDATE list_entries SET " #column " = ? WHERE id = ?"}

const std::array kCorrectable = {
    CREDCHECK_RECORD_COLUMN(content, text),        CREDCHECK_RECORD_COLUMN(legal_basis, text),
    CREDCHECK_RECORD_COLUMN(facts, optional_text), CREDCHECK_RECORD_COLUMN(severity, severity),
    CREDCHECK_RECORD_COLUMN(category, category),   CREDCHECK_RECORD_COLUMN(valid_from, optional_date),
    CREDCHECK_RECORD_COLUMN(valid_to, optional_date), CREDCHECK_RECORD_COLUMN(publicity_until, optional_date),
    CREDCHECK_ENTRY_COLUMN(reason, text),          CREDCHECK_ENTRY_COLUMN(legal_basis, text),
    CREDCHECK_ENTRY_COLUMN(entered_on, date),      CREDCHECK_ENTRY_COLUMN(expires_on, optional_date),
};
#undef CREDCHECK_RECORD_COLUMN
#undef CREDCHECK_ENTRY_COLUMN

const CorrectableColumn& correctable(ObjectionTarget target, const std::string& column) {
    for (const auto& c : kCorrectable)
        if (c.target == target && c.name == column) return c;
    std::string names;
    for (const auto& c : kCorrectable)
        if (c.target == target) names += (names.empty() ? "" : ", ") + std::string(c.name);
    throw Error(Status::invalid_argument, fmt::format("an objection cannot correct the {}'s '{}' (correctable: {})", to_string(target), column, names));
}

/// The stored form of a corrected value: canonical date or enumeration text, or NULL.
std::optional<std::string> stored_value(const CorrectableColumn& col, const std::string& value) {
    using Type = CorrectableColumn::Type;
    const bool optional = col.type == Type::optional_text || col.type == Type::optional_date || col.type == Type::severity || col.type == Type::category;
    if (value.empty()) {
        if (!optional) throw Error(Status::invalid_argument, fmt::format("'{}' cannot be empty", col.name));
        return std::nullopt;
    }
    switch (col.type) {
    case Type::date:
    case Type::optional_date: return Date::parse_or_throw(value, col.name).iso();
    case Type::severity:
        if (!parse_enum<Severity>(value)) throw Error(Status::invalid_argument, fmt::format("severity '{}' is not one of {}", value, enum_names<Severity>()));
        return value;
    case Type::category:
        if (!parse_enum<RecordCategory>(value))
            throw Error(Status::invalid_argument, fmt::format("category '{}' is not one of {}", value, enum_names<RecordCategory>()));
        return value;
    default: return value;
    }
}

/// Applies the corrections to the target, recording before and after in its history.
void apply_corrections(sql::Connection& c, store::Writer& writer, ObjectionTarget target, std::int64_t target_id,
                       const std::vector<Correction>& corrections) {
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& fix : corrections) {
        const CorrectableColumn& col = correctable(target, fix.column);
        const auto after = stored_value(col, fix.value);
        std::optional<std::string> before;
        {
            sql::Query q(c.prepared(col.select));
            q.bind(target_id);
            if (q.step()) before = q.optional_text(0);
        }
        if (before == after) continue;
        sql::Query q(c.prepared(col.update));
        q.bind(after).bind(target_id).run();
        changes[std::string(col.name)] = {before ? nlohmann::json(*before) : nlohmann::json(), after ? nlohmann::json(*after) : nlohmann::json()};
    }
    if (!changes.empty()) writer.record_update(target == ObjectionTarget::record ? "records" : "list_entries", target_id, changes.dump());
}

void set_target_status(sql::Connection& c, store::Writer& writer, ObjectionTarget target, std::int64_t id, std::string_view before,
                       std::string_view after, Date on) {
    if (target == ObjectionTarget::record) {
        sql::Query q(c.prepared("UPDATE records SET status = ? WHERE id = ?"));
        q.bind(after).bind(id).run();
    } else {
        sql::Query q(c.prepared("UPDATE list_entries SET status = ?, ended_on = ? WHERE id = ?"));
        q.bind(after).bind(on).bind(id).run();
    }
    writer.record_update(target == ObjectionTarget::record ? "records" : "list_entries", id,
                         nlohmann::json{{"status", {before, after}}}.dump());
}

/// An objection as `viewer` may see it: free text (who filed, why, the resolution) with any ID number in
/// it masked unless the viewer may see them.
Objection objection_from(const sql::Query& q, const Principal& viewer) {
    const auto text = [&](std::string s) { return viewer.sees_full_ids() ? s : mask_personal_ids_in_text(s); };
    Objection o;
    o.id = q.integer(0);
    const auto damaged = [&](int column) {
        return Error(Status::database_error, fmt::format("objection {}: stored value '{}' is not valid: the database was altered outside credcheck",
                                                         q.integer(0), q.text(column)));
    };
    if (q.text(1) != "record" && q.text(1) != "entry") throw damaged(1);
    o.target = q.text(1) == "record" ? ObjectionTarget::record : ObjectionTarget::entry;
    o.target_id = q.integer(2);
    o.filed_on = *q.date(3);
    o.filed_by = text(std::string(q.text(4)));
    o.reason = text(std::string(q.text(5)));
    const auto status = q.text(6);
    if (status == "upheld") o.outcome = ObjectionOutcome::upheld;
    else if (status == "corrected") o.outcome = ObjectionOutcome::corrected;
    else if (status == "revoked") o.outcome = ObjectionOutcome::revoked;
    else if (status != "pending") throw damaged(6);
    o.resolved_on = q.date(7);
    o.resolved_by = text(q.optional_text(8).value_or(""));
    o.resolution = text(q.optional_text(9).value_or(""));
    o.due_on = q.date(10);
    o.department = q.optional_text(11).value_or("");
    o.description = text(q.optional_text(12).value_or(""));
    return o;
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

} // namespace

ObjectionId file_objection(Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on, const std::string& filed_by,
                           const std::string& reason) {
    if (filed_by.empty() || reason.empty()) throw Error(Status::invalid_argument, "an objection needs who files it and why");
    security::require_not_public(db, "file an objection");
    return db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const ObjectionId id = detail::file_objection_in(c, db, target, target_id, filed_on, filed_by, reason);
        tx.commit();
        return id;
    });
}

ObjectionId detail::file_objection_in(sql::Connection& c, const Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on,
                                      const std::string& filed_by, const std::string& reason) {
    {
        const Owner owner = owner_of(c, target, target_id);
        const std::string& status = owner.status;
        security::require_initiating_department(db, owner.department, "accept objections to the records and entries");
        if (status != "active" && status != "removed")
            throw Error(Status::conflict, fmt::format("{} {} is {}: there is nothing left to object to", to_string(target), target_id, status));
        {
            sql::Query q(c.prepared("SELECT id FROM objections WHERE target_kind = ? AND target_id = ? AND status = 'pending'"));
            q.bind(to_string(target)).bind(target_id);
            if (q.step())
                throw Error(Status::conflict, fmt::format("{} {} already has pending objection #{}", to_string(target), target_id, q.integer(0)));
        }
        // The deadline is unknown (NULL) when the calendar does not reach it yet; filing never fails for that.
        std::optional<Date> due;
        const WorkingCalendar calendar = store::read_calendar(c);
        try {
            due = calendar.add_working_days(filed_on, verification_days(c));
        } catch (const Error& e) {
            if (e.status() != Status::calendar_not_covered) throw;
        }
        sql::Query q(c.prepared("INSERT INTO objections (target_kind, target_id, filed_on, filed_by, reason, due_on) VALUES (?, ?, ?, ?, ?, ?)"));
        q.bind(to_string(target)).bind(target_id).bind(filed_on).bind(filed_by).bind(reason).bind(due).run();
        const ObjectionId id = c.last_insert_rowid();
        store::Writer(c, store::ChangeContext{filed_by, "objection", 0}).bump_data_version();
        store::AuditScope audit(c, db.principal(), "objection.file");
        audit.subject = owner.subject_code;
        audit.target = fmt::format("{} {}", to_string(target), target_id);
        audit.details = {{"objection", id}, {"filed_on", filed_on.iso()}, {"filed_by", filed_by}, {"reason", reason},
                         {"due_on", due ? due->iso() : std::string()}};
        audit.append();
        return id;
    }
}

void resolve_objection(Database& db, ObjectionId id, ObjectionOutcome outcome, Date resolved_on, const std::string& resolved_by,
                       const std::string& resolution, const std::vector<Correction>& corrections) {
    if (resolved_by.empty() || resolution.empty()) throw Error(Status::invalid_argument, "a resolution needs who decided and why");
    if (outcome == ObjectionOutcome::corrected && corrections.empty())
        throw Error(Status::invalid_argument, "an objection resolved as corrected needs at least one correction");
    if (outcome != ObjectionOutcome::corrected && !corrections.empty())
        throw Error(Status::invalid_argument, fmt::format("corrections belong to the outcome corrected, not {}", to_string(outcome)));
    db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        std::string status;
        ObjectionTarget target = ObjectionTarget::entry;
        std::int64_t target_id = 0;
        Date filed = Date::from_days(0);
        {
            sql::Query q(c.prepared("SELECT target_kind, target_id, status, filed_on FROM objections WHERE id = ?"));
            q.bind(id);
            if (!q.step()) throw Error(Status::not_found, fmt::format("no objection #{}", id));
            target = q.text(0) == "record" ? ObjectionTarget::record : ObjectionTarget::entry;
            target_id = q.integer(1);
            status = q.text(2);
            filed = *q.date(3);
        }
        const Owner owner = owner_of(c, target, target_id);
        security::require_initiating_department(db, owner.department, "resolve objections to the records and entries");
        store::AuditScope audit(c, db.principal(), "objection.resolve");
        if (status != "pending") throw Error(Status::conflict, fmt::format("objection #{} is already resolved ({})", id, status));
        if (resolved_on < filed)
            throw Error(Status::invalid_argument, fmt::format("objection #{} cannot be resolved on {}, before it was filed ({})", id,
                                                              resolved_on.iso(), filed.iso()));
        {
            sql::Query q(c.prepared("UPDATE objections SET status = ?, resolved_on = ?, resolved_by = ?, resolution = ? WHERE id = ?"));
            q.bind(to_string(outcome)).bind(resolved_on).bind(resolved_by).bind(resolution).bind(id).run();
        }
        store::Writer writer(c, store::ChangeContext{resolved_by, fmt::format("objection #{}", id), 0});
        if (outcome == ObjectionOutcome::corrected) apply_corrections(c, writer, target, target_id, corrections);
        if (outcome == ObjectionOutcome::revoked) {
            set_target_status(c, writer, target, target_id, owner.status, "revoked", resolved_on);
            if (target == ObjectionTarget::entry) store::write_due_notices(c, resolved_on, db.impl().today());
        }
        writer.bump_data_version();
        audit.subject = owner.subject_code;
        audit.target = fmt::format("{} {}", to_string(target), target_id);
        nlohmann::ordered_json fixes = nlohmann::ordered_json::array();
        for (const auto& fix : corrections) fixes.push_back({{"column", fix.column}, {"value", fix.value}});
        audit.details = {{"objection", id}, {"outcome", to_string(outcome)}, {"resolved_on", resolved_on.iso()},
                         {"resolved_by", resolved_by}, {"resolution", resolution}, {"corrections", fixes}};
        audit.append();
        tx.commit();
    });
}

std::optional<Objection> find_objection(const Database& db, ObjectionId id) {
    security::require_not_public(db, "read objections");
    auto c = db.impl().read();
    sql::Query q(c->prepared(CREDCHECK_OBJECTION_SELECT "WHERE o.id = ?"));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    Objection o = objection_from(q, db.principal());
    if (db.principal().role != AccessRole::credit_office && (!o.department.empty() && o.department != db.principal().department))
        security::require(db.principal(), false, fmt::format("read objection #{} of {}", id, o.department));
    return o;
}

std::vector<Objection> list_objections(const Database& db, const ObjectionQuery& query) {
    const std::string department = security::department_scope(db, query.department, "list objections");
    auto c = db.impl().read();
    sql::Query q(c->prepared(CREDCHECK_OBJECTION_SELECT
                             "WHERE (NOT ?1 OR o.status = 'pending') "
                             "  AND (?2 IS NULL OR (o.status = 'pending' AND o.due_on < ?2)) "
                             "  AND (?3 = '' OR d.name = ?3 OR d.code = ?3 OR d.uscc = ?3) "
                             "ORDER BY o.filed_on, o.id"));
    q.bind(query.pending_only ? 1 : 0).bind(query.overdue_on).bind(department);
    std::vector<Objection> out;
    while (q.step()) out.push_back(objection_from(q, db.principal()));
    return out;
}

int objection_verification_days(const Database& db) { return verification_days(*db.impl().read()); }

void set_objection_verification_days(Database& db, int days) {
    security::require_credit_office(db, "set the objection verification period");
    if (days < 1 || days > 60) throw Error(Status::invalid_argument, fmt::format("{} working days to verify an objection: expected 1 to 60", days));
    db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        store::AuditScope audit(c, db.principal(), "settings.objection_days");
        audit.target = "objection_verification_days";
        audit.details = {{"before", verification_days(c)}, {"after", days}};
        sql::Query q(c.prepared("INSERT INTO meta (key, value) VALUES ('objection_verification_days', ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
        q.bind(std::to_string(days)).run();
        audit.append();
        tx.commit();
    });
}

} // namespace credcheck

#undef CREDCHECK_OBJECTION_SELECT
