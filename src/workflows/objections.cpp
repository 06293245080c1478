#include "credcheck/objections.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "store/database_impl.hpp"
#include "store/writer.hpp"

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

bool target_exists(sql::Connection& c, ObjectionTarget target, std::int64_t id) {
    sql::Query q(c.prepared(target == ObjectionTarget::record ? "SELECT 1 FROM records WHERE id = ?" : "SELECT 1 FROM list_entries WHERE id = ?"));
    q.bind(id);
    return q.step();
}

} // namespace

ObjectionId file_objection(Database& db, ObjectionTarget target, std::int64_t target_id, Date filed_on, const std::string& filed_by,
                           const std::string& reason) {
    if (filed_by.empty() || reason.empty()) throw Error(Status::invalid_argument, "an objection needs who files it and why");
    return db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        if (!target_exists(c, target, target_id))
            throw Error(Status::not_found, fmt::format("no {} with id {} to object to", to_string(target), target_id));
        {
            sql::Query q(c.prepared("SELECT id FROM objections WHERE target_kind = ? AND target_id = ? AND status = 'pending'"));
            q.bind(to_string(target)).bind(target_id);
            if (q.step())
                throw Error(Status::conflict, fmt::format("{} {} already has pending objection #{}", to_string(target), target_id, q.integer(0)));
        }
        sql::Query q(c.prepared("INSERT INTO objections (target_kind, target_id, filed_on, filed_by, reason) VALUES (?, ?, ?, ?, ?)"));
        q.bind(to_string(target)).bind(target_id).bind(filed_on).bind(filed_by).bind(reason).run();
        const ObjectionId id = c.last_insert_rowid();
        store::Writer(c, store::ChangeContext{filed_by, "objection", 0}).bump_data_version();
        tx.commit();
        return id;
    });
}

void resolve_objection(Database& db, ObjectionId id, ObjectionOutcome outcome, Date resolved_on, const std::string& resolved_by,
                       const std::string& resolution) {
    if (resolved_by.empty() || resolution.empty()) throw Error(Status::invalid_argument, "a resolution needs who decided and why");
    db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        std::string target, status;
        std::int64_t target_id = 0;
        Date filed = Date::from_days(0);
        {
            sql::Query q(c.prepared("SELECT target_kind, target_id, status, filed_on FROM objections WHERE id = ?"));
            q.bind(id);
            if (!q.step()) throw Error(Status::not_found, fmt::format("no objection #{}", id));
            target = q.text(0);
            target_id = q.integer(1);
            status = q.text(2);
            filed = *q.date(3);
        }
        if (status != "pending") throw Error(Status::conflict, fmt::format("objection #{} is already resolved ({})", id, status));
        if (resolved_on < filed)
            throw Error(Status::invalid_argument, fmt::format("objection #{} cannot be resolved on {}, before it was filed ({})", id,
                                                              resolved_on.iso(), filed.iso()));
        {
            sql::Query q(c.prepared("UPDATE objections SET status = ?, resolved_on = ?, resolved_by = ?, resolution = ? WHERE id = ?"));
            q.bind(to_string(outcome)).bind(resolved_on).bind(resolved_by).bind(resolution).bind(id).run();
        }
        if (outcome == ObjectionOutcome::revoked) {
            sql::Query q(c.prepared(target == "record" ? "UPDATE records SET status = 'revoked' WHERE id = ?"
                                                       : "UPDATE list_entries SET status = 'revoked' WHERE id = ?"));
            q.bind(target_id).run();
        }
        store::Writer(c, store::ChangeContext{resolved_by, "objection", 0}).bump_data_version();
        tx.commit();
    });
}

std::optional<Objection> find_objection(const Database& db, ObjectionId id) {
    auto c = db.impl().read();
    sql::Query q(c->prepared("SELECT id, target_kind, target_id, filed_on, filed_by, reason, status, resolved_on, resolved_by, resolution "
                             "FROM objections WHERE id = ?"));
    q.bind(id);
    if (!q.step()) return std::nullopt;
    Objection o;
    o.id = q.integer(0);
    o.target = q.text(1) == "record" ? ObjectionTarget::record : ObjectionTarget::entry;
    o.target_id = q.integer(2);
    o.filed_on = *q.date(3);
    o.filed_by = q.text(4);
    o.reason = q.text(5);
    const auto status = q.text(6);
    if (status == "upheld") o.outcome = ObjectionOutcome::upheld;
    else if (status == "corrected") o.outcome = ObjectionOutcome::corrected;
    else if (status == "revoked") o.outcome = ObjectionOutcome::revoked;
    o.resolved_on = q.date(7);
    o.resolved_by = q.optional_text(8).value_or("");
    o.resolution = q.optional_text(9).value_or("");
    return o;
}

} // namespace credcheck
