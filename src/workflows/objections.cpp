// Objections (seed item 19): filing suspends the target's measures; the source department verifies
// within a number of working days; the outcome stands, amends or removes the target.
#include "credcheck/objections.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/calendar_tables.hpp"
#include "store/objection_tables.hpp"
#include "store/open_file.hpp"
#include "store/reads.hpp"
#include "store/writer.hpp"
#include "workflows/notices.hpp"
#include "workflows/objections_internal.hpp"

namespace credcheck {

namespace {

/// The source department of a record or entry, its subject's code and its status; Error(not_found)
/// when there is no such target.
struct Owner {
    Department department;
    std::string subject_code;
    std::string status;
};

Owner owner_of(sql::Connection& c, ObjectionTarget target, std::int64_t id) {
    const auto owner = store::target_owner(c, target, id);
    if (!owner) throw Error(Status::not_found, fmt::format("no {} with id {} to object to", to_string(target), id));
    return Owner{*store::department_by_id(c, owner->department), owner->subject_code, owner->status};
}

const store::CorrectableColumn& correctable(ObjectionTarget target, const std::string& column) {
    if (const auto* found = store::correctable_column(target, column)) return *found;
    throw Error(Status::invalid_argument, fmt::format("an objection cannot correct the {}'s '{}' (correctable: {})", to_string(target), column,
                                                      store::correctable_column_names(target)));
}

/// The stored form of a corrected value: canonical date or enumeration text, or NULL.
std::optional<std::string> stored_value(const store::CorrectableColumn& col, const std::string& value) {
    using Type = store::CorrectableColumn::Type;
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

const char* table_of(ObjectionTarget target) { return target == ObjectionTarget::record ? "records" : "list_entries"; }

/// Applies the corrections to the target, recording before and after in its history.
void apply_corrections(sql::Connection& c, store::Writer& writer, ObjectionTarget target, std::int64_t target_id,
                       const std::vector<Correction>& corrections) {
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& fix : corrections) {
        const store::CorrectableColumn& col = correctable(target, fix.column);
        const auto after = stored_value(col, fix.value);
        const auto before = store::read_column(c, col, target_id);
        if (before == after) continue;
        store::write_column(c, col, target_id, after);
        changes[std::string(col.name)] = {before ? nlohmann::json(*before) : nlohmann::json(), after ? nlohmann::json(*after) : nlohmann::json()};
    }
    if (!changes.empty()) writer.record_update(table_of(target), target_id, changes.dump());
}

/// An objection as `viewer` may see it: free text (who filed, why, the resolution) with any ID number in
/// it masked unless the viewer may see them.
Objection as_seen_by(Objection o, const Principal& viewer) {
    if (viewer.sees_full_ids()) return o;
    for (std::string* text : {&o.filed_by, &o.reason, &o.resolved_by, &o.resolution, &o.description}) *text = mask_personal_ids_in_text(*text);
    return o;
}

} // namespace

ObjectionId file_objection(Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on, const std::string& filed_by,
                           const std::string& reason) {
    if (filed_by.empty() || reason.empty()) throw Error(Status::invalid_argument, "an objection needs who files it and why");
    security::require_not_public(db, "file an objection");
    return store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const ObjectionId id = detail::file_objection_in(c, db, target, target_id, filed_on, filed_by, reason);
        tx.commit();
        return id;
    });
}

ObjectionId detail::file_objection_in(sql::Connection& c, const Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on,
                                  const std::string& filed_by, const std::string& reason) {
    const Owner owner = owner_of(c, target, target_id);
    const std::string& status = owner.status;
    security::require_initiating_department(db, owner.department, "accept objections to the records and entries");
    if (status != "active" && status != "removed")
        throw Error(Status::conflict, fmt::format("{} {} is {}: there is nothing left to object to", to_string(target), target_id, status));
    if (const auto pending = store::pending_objection(c, target, target_id))
        throw Error(Status::conflict, fmt::format("{} {} already has pending objection #{}", to_string(target), target_id, *pending));
    // The deadline is unknown (NULL) when the calendar does not reach it yet; filing never fails for that.
    std::optional<Date> due;
    const WorkingCalendar calendar = store::read_calendar(c);
    try {
        due = calendar.add_working_days(filed_on, store::objection_verification_days(c));
    } catch (const Error& e) {
        if (e.status() != Status::calendar_not_covered) throw;
    }
    const ObjectionId id = store::insert_objection(c, target, target_id, filed_on, filed_by, reason, due);
    store::Writer(c, store::ChangeContext{filed_by, "objection", 0}).bump_data_version();
    store::AuditScope audit(c, db.principal(), "objection.file");
    audit.subject = owner.subject_code;
    audit.target = fmt::format("{} {}", to_string(target), target_id);
    audit.details = {{"objection", id}, {"filed_on", filed_on.iso()}, {"filed_by", filed_by}, {"reason", reason},
                     {"due_on", due ? due->iso() : std::string()}};
    audit.append();
    return id;
}

void resolve_objection(Database& db, ObjectionId id, ObjectionOutcome outcome, Date resolved_on, const std::string& resolved_by,
                       const std::string& resolution, const std::vector<Correction>& corrections) {
    if (resolved_by.empty() || resolution.empty()) throw Error(Status::invalid_argument, "a resolution needs who decided and why");
    if (outcome == ObjectionOutcome::corrected && corrections.empty())
        throw Error(Status::invalid_argument, "an objection resolved as corrected needs at least one correction");
    if (outcome != ObjectionOutcome::corrected && !corrections.empty())
        throw Error(Status::invalid_argument, fmt::format("corrections belong to the outcome corrected, not {}", to_string(outcome)));
    const store::OpenFile file(db);
    file.write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const auto objection = store::objection_state(c, id);
        if (!objection) throw Error(Status::not_found, fmt::format("no objection #{}", id));
        const ObjectionTarget target = objection->target;
        const std::int64_t target_id = objection->target_id;
        const Owner owner = owner_of(c, target, target_id);
        security::require_initiating_department(db, owner.department, "resolve objections to the records and entries");
        store::AuditScope audit(c, db.principal(), "objection.resolve");
        if (objection->outcome)
            throw Error(Status::conflict, fmt::format("objection #{} is already resolved ({})", id, to_string(*objection->outcome)));
        if (resolved_on < objection->filed_on)
            throw Error(Status::invalid_argument, fmt::format("objection #{} cannot be resolved on {}, before it was filed ({})", id,
                                                              resolved_on.iso(), objection->filed_on.iso()));
        store::write_resolution(c, id, outcome, resolved_on, resolved_by, resolution);
        store::Writer writer(c, store::ChangeContext{resolved_by, fmt::format("objection #{}", id), 0});
        if (outcome == ObjectionOutcome::corrected) apply_corrections(c, writer, target, target_id, corrections);
        if (outcome == ObjectionOutcome::revoked) {
            store::set_target_status(c, target, target_id, "revoked", resolved_on);
            writer.record_update(table_of(target), target_id, nlohmann::json{{"status", {owner.status, "revoked"}}}.dump());
            if (target == ObjectionTarget::entry) workflows::send_due_notices(c, resolved_on, file.today());
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
    auto o = store::objection_by_id(*store::OpenFile(db).read(), id);
    if (!o) return std::nullopt;
    if (db.principal().role != AccessRole::credit_office && (!o->department.empty() && o->department != db.principal().department))
        security::require(db.principal(), false, fmt::format("read objection #{} of {}", id, o->department));
    return as_seen_by(std::move(*o), db.principal());
}

std::vector<Objection> list_objections(const Database& db, const ObjectionQuery& query) {
    const std::string department = security::department_scope(db, query.department, "list objections");
    std::vector<Objection> out;
    for (auto& o : store::objections_where(*store::OpenFile(db).read(), query.pending_only, query.overdue_on, department))
        out.push_back(as_seen_by(std::move(o), db.principal()));
    return out;
}

int objection_verification_days(const Database& db) { return store::objection_verification_days(*store::OpenFile(db).read()); }

void set_objection_verification_days(Database& db, int days) {
    security::require_credit_office(db, "set the objection verification period");
    if (days < 1 || days > 60) throw Error(Status::invalid_argument, fmt::format("{} working days to verify an objection: expected 1 to 60", days));
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        store::AuditScope audit(c, db.principal(), "settings.objection_days");
        audit.target = "objection_verification_days";
        audit.details = {{"before", store::objection_verification_days(c)}, {"after", days}};
        store::set_objection_verification_days(c, days);
        audit.append();
        tx.commit();
    });
}

} // namespace credcheck
