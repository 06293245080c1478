// Initiation → dispatch → feedback: routes, notices, inboxes, feedback (seed items 16, 17).
#include "credcheck/check.hpp"
#include "credcheck/dispatch.hpp"

#include <fmt/format.h>
#include <set>

#include "credcheck/catalog.hpp"
#include "credcheck/error.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/database_impl.hpp"
#include "store/enum_columns.hpp"
#include "store/notices.hpp"
#include "store/reads.hpp"
#include "store/writer.hpp"
#include "util/clock.hpp"

namespace credcheck {

namespace {

Department department_or_throw(sql::Connection& c, const std::string& key) {
    if (key.empty()) throw Error(Status::invalid_argument, "no department given");
    auto d = store::department_by_key(c, key);
    if (!d) throw Error(Status::not_found, fmt::format("no department '{}' (departments are created by imports)", key));
    return *d;
}

} // namespace

std::vector<std::string> set_measure_routes(Database& db, const std::vector<MeasureRoute>& routes, Date as_of) {
    security::require_credit_office(db, "route measures to departments");
    const Catalog catalog = installed_catalog(db);
    std::set<std::string> measures;
    for (std::size_t i = 0; i < routes.size(); ++i) {
        const auto& r = routes[i];
        const bool known = std::any_of(catalog.measures.begin(), catalog.measures.end(), [&](const Measure& m) { return m.code == r.measure_code; });
        if (!known)
            throw Error(Status::invalid_argument,
                        fmt::format("route #{}: catalog {} has no measure '{}'", i + 1, catalog.version, r.measure_code));
        if (r.department.empty()) throw Error(Status::invalid_argument, fmt::format("route #{}: no department", i + 1));
        measures.insert(r.measure_code);
    }
    return db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        store::Writer writer(c, store::ChangeContext{db.principal().describe(), "routes", 0});
        store::AuditScope audit(c, db.principal(), "routes.set");
        std::vector<std::string> created;
        for (const auto& m : measures) {
            sql::Query q(c.prepared("DELETE FROM measure_routes WHERE measure_code = ?"));
            q.bind(m).run();
        }
        for (const auto& r : routes) {
            auto existing = r.department_uscc ? store::department_by_key(c, *r.department_uscc) : std::nullopt;
            if (!existing) existing = store::department_by_key(c, r.department);
            if (!existing) created.push_back(r.department);
            const DepartmentId department = existing ? existing->id : writer.department(r.department, r.department_uscc);
            sql::Query q(c.prepared("INSERT OR IGNORE INTO measure_routes (measure_code, department_id) VALUES (?, ?)"));
            q.bind(r.measure_code).bind(department).run();
        }
        const DispatchCounts notices = store::write_due_notices(c, as_of, db.impl().today());
        writer.bump_data_version();
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& r : routes) list.push_back({{"measure", r.measure_code}, {"department", r.department}});
        audit.target = "measure routes";
        audit.details = {{"routes", list}, {"created_departments", created}, {"apply_notices", notices.apply}};
        audit.append();
        tx.commit();
        return created;
    });
}

std::vector<MeasureRoute> measure_routes(const Database& db) {
    auto c = db.impl().read();
    sql::Query q(c->prepared("SELECT r.measure_code, d.name, d.uscc FROM measure_routes r JOIN departments d ON d.id = r.department_id "
                             "ORDER BY r.measure_code, d.name"));
    std::vector<MeasureRoute> out;
    while (q.step()) out.push_back({std::string(q.text(0)), std::string(q.text(1)), q.optional_text(2)});
    return out;
}

DispatchCounts dispatch_notices(Database& db, Date as_of) {
    security::require_not_public(db, "dispatch notices");
    if (as_of > db.impl().today())
        throw Error(Status::invalid_argument, fmt::format("cannot dispatch as of {}: it is after today ({}, China time), and only the day "
                                                          "itself turns an entry's expiry into a lift notice",
                                                          as_of.iso(), db.impl().today().iso()));
    return db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const DispatchCounts counts = store::write_due_notices(c, as_of, db.impl().today());
        if (counts.apply + counts.lift > 0) {
            store::Writer(c, store::ChangeContext{"credcheck", "dispatch", 0}).bump_data_version();
            store::AuditScope audit(c, db.principal(), "dispatch");
            audit.target = "notices";
            audit.details = {{"as_of", as_of.iso()}, {"apply", counts.apply}, {"lift", counts.lift}};
            audit.append();
        }
        tx.commit();
        return counts;
    });
}

std::vector<Notice> inbox(const Database& db, const std::string& department, bool include_answered) {
    auto c = db.impl().read();
    const Department d = department_or_throw(*c, department);
    security::require_own_department(db, d, "read the inbox");
    sql::Query q(c->prepared(
        "SELECT n.id, n.kind, n.cause, n.created_on, n.measure_code, e.id, e.list_code, s.code, s.name, i.name, e.document_no, "
        "       e.entered_on, e.expires_on, f.outcome "
        "FROM notices n JOIN list_entries e ON e.id = n.entry_id JOIN subjects s ON s.id = e.subject_id "
        "JOIN departments i ON i.id = e.department_id LEFT JOIN feedback f ON f.notice_id = n.id "
        "WHERE n.department_id = ?1 AND (?2 OR f.id IS NULL) ORDER BY n.id DESC"));
    q.bind(d.id).bind(include_answered ? 1 : 0);
    std::vector<Notice> out;
    while (q.step()) {
        Notice n;
        n.id = q.integer(0);
        n.kind = store::enum_column<NoticeKind>(q, 1);
        n.cause = store::enum_column<NoticeCause>(q, 2);
        n.created_on = *q.date(3);
        n.measure_code = q.text(4);
        n.department = d.name;
        n.entry_id = q.integer(5);
        n.list_code = q.text(6);
        n.subject_code = q.text(7);
        n.subject_name = q.text(8);
        n.initiating_department = q.text(9);
        n.document_no = q.text(10);
        n.entered_on = *q.date(11);
        n.expires_on = q.date(12);
        n.feedback = store::optional_enum_column<FeedbackOutcome>(q, 13);
        out.push_back(std::move(n));
    }
    return out;
}

std::int64_t record_feedback(Database& db, const Feedback& f) {
    if (!f.notice_id && f.decision_id.empty()) throw Error(Status::invalid_argument, "feedback must name a notice or a check decision");
    if (f.officer.empty()) throw Error(Status::invalid_argument, "feedback must name the officer");
    if (f.case_ref.empty()) throw Error(Status::invalid_argument, "feedback must give the department's case reference");
    if (f.outcome == FeedbackOutcome::not_applied && f.reason.empty())
        throw Error(Status::invalid_argument, "feedback 'not_applied' must say why the measure was not applied");
    security::require_not_public(db, "give feedback");
    if (!f.decision_id.empty()) flush_check_log(db); // the decision may still wait in the log's queue
    return db.impl().write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const Department d = department_or_throw(c, f.department);
        security::require_own_department(db, d, "give feedback");
        std::string measure = f.measure_code;
        if (f.notice_id) {
            sql::Query q(c.prepared("SELECT n.department_id, n.measure_code, f.id FROM notices n LEFT JOIN feedback f ON f.notice_id = n.id "
                                    "WHERE n.id = ?"));
            q.bind(*f.notice_id);
            if (!q.step()) throw Error(Status::not_found, fmt::format("no notice #{}", *f.notice_id));
            if (q.integer(0) != d.id)
                throw Error(Status::permission_denied, fmt::format("notice #{} went to another department, not to {}", *f.notice_id, d.name));
            if (!q.is_null(2)) throw Error(Status::conflict, fmt::format("notice #{} already has feedback #{}", *f.notice_id, q.integer(2)));
            if (!measure.empty() && measure != q.text(1))
                throw Error(Status::invalid_argument, fmt::format("notice #{} concerns measure {}, not {}", *f.notice_id, q.text(1), measure));
            measure = q.text(1);
        }
        if (!f.decision_id.empty()) {
            sql::Query q(c.prepared("SELECT measures FROM checks WHERE decision_id = ?"));
            q.bind(f.decision_id);
            if (!q.step()) throw Error(Status::not_found, fmt::format("no logged check decision '{}'", f.decision_id));
        }
        sql::Query q(c.prepared("INSERT INTO feedback (notice_id, decision_id, measure_code, department_id, outcome, reason, officer, "
                                "decided_on, case_ref, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        q.bind(f.notice_id)
            .bind(f.decision_id.empty() ? std::optional<std::string>() : f.decision_id)
            .bind(measure.empty() ? std::optional<std::string>() : measure)
            .bind(d.id)
            .bind(to_string(f.outcome))
            .bind(f.reason)
            .bind(f.officer)
            .bind(f.decided_on)
            .bind(f.case_ref)
            .bind(utc_timestamp())
            .run();
        const std::int64_t id = c.last_insert_rowid();
        store::Writer(c, store::ChangeContext{f.officer, "feedback", 0}).bump_data_version();
        store::AuditScope audit(c, db.principal(), "feedback");
        audit.target = f.notice_id ? fmt::format("notice {}", *f.notice_id) : fmt::format("decision {}", f.decision_id);
        audit.details = {{"feedback", id},         {"department", d.name},    {"measure", measure},      {"outcome", to_string(f.outcome)},
                         {"reason", f.reason},     {"officer", f.officer},    {"decided_on", f.decided_on.iso()}, {"case_ref", f.case_ref}};
        audit.append();
        tx.commit();
        return id;
    });
}

std::vector<EntryDispatchStatus> dispatch_status(const Database& db, const std::string& initiating_department) {
    auto c = db.impl().read();
    const Department d = department_or_throw(*c, initiating_department);
    security::require_own_department(db, d, "see the dispatch status");
    sql::Query q(c->prepared(
        "SELECT e.id, e.list_code, e.document_no, s.code, s.name, e.status, "
        "  count(n.id) FILTER (WHERE n.kind = 'apply'), count(f.id) FILTER (WHERE n.kind = 'apply'), "
        "  count(f.id) FILTER (WHERE f.outcome = 'applied' AND n.kind = 'apply'), "
        "  count(f.id) FILTER (WHERE f.outcome = 'not_applied' AND n.kind = 'apply'), "
        "  count(f.id) FILTER (WHERE f.outcome = 'not_applicable' AND n.kind = 'apply'), "
        "  count(n.id) FILTER (WHERE n.kind = 'lift') "
        "FROM list_entries e JOIN subjects s ON s.id = e.subject_id "
        "LEFT JOIN notices n ON n.entry_id = e.id LEFT JOIN feedback f ON f.notice_id = n.id "
        "WHERE e.department_id = ? GROUP BY e.id ORDER BY e.entered_on DESC, e.id DESC"));
    q.bind(d.id);
    std::vector<EntryDispatchStatus> out;
    while (q.step()) {
        EntryDispatchStatus s;
        s.entry_id = q.integer(0);
        s.list_code = q.text(1);
        s.document_no = q.text(2);
        s.subject_code = q.text(3);
        s.subject_name = q.text(4);
        s.status = q.text(5);
        s.notices = q.integer(6);
        s.answered = q.integer(7);
        s.applied = q.integer(8);
        s.not_applied = q.integer(9);
        s.not_applicable = q.integer(10);
        s.lifts = q.integer(11);
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace credcheck
