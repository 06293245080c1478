// Initiation → dispatch → feedback: routes, notices, inboxes, feedback (seed items 16, 17).
#include "credcheck/dispatch.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <set>

#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/error.hpp"
#include "engine/measure_triggers.hpp"
#include "import/table_reader.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/dispatch_tables.hpp"
#include "store/open_file.hpp"
#include "store/reads.hpp"
#include "store/writer.hpp"
#include "util/clock.hpp"
#include "workflows/notices.hpp"

namespace credcheck {

namespace {

Department department_or_throw(sql::Connection& c, const std::string& key) {
    if (key.empty()) throw Error(Status::invalid_argument, "no department given");
    auto d = store::department_by_key(c, key);
    if (!d) throw Error(Status::not_found, fmt::format("no department '{}' (departments are created by imports)", key));
    return *d;
}

} // namespace

DispatchCounts workflows::send_due_notices(sql::Connection& c, Date as_of, Date today) {
    engine::sync_measure_triggers(c);
    return store::write_due_notices(c, as_of, today);
}

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
    const store::OpenFile file(db);
    return file.write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        store::Writer writer(c, store::ChangeContext{db.principal().describe(), "routes", 0});
        store::AuditScope audit(c, db.principal(), "routes.set");
        std::vector<std::string> created;
        for (const auto& m : measures) store::clear_measure_routes(c, m);
        for (const auto& r : routes) {
            auto existing = r.department_uscc ? store::department_by_key(c, *r.department_uscc) : std::nullopt;
            if (!existing) existing = store::department_by_key(c, r.department);
            if (!existing) created.push_back(r.department);
            const DepartmentId department = existing ? existing->id : writer.department(r.department, r.department_uscc);
            store::add_measure_route(c, r.measure_code, department);
        }
        const DispatchCounts notices = workflows::send_due_notices(c, as_of, file.today());
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

std::vector<MeasureRoute> measure_routes(const Database& db) { return store::measure_routes(*store::OpenFile(db).read()); }

std::vector<MeasureRoute> read_routes_file(const std::filesystem::path& path) {
    auto reader = import::TableReader::open(path, import::FileFormat::csv, import::Encoding::utf8);
    const auto& header = reader->header();
    const auto column = [&](std::string_view name) -> std::optional<std::size_t> {
        const auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(it - header.begin()));
    };
    const auto measure = column("measure"), department = column("department"), uscc = column("department_uscc");
    if (!measure || !department)
        throw Error(Status::invalid_argument, fmt::format("{}: the header must name the columns measure,department[,department_uscc]", path.string()));
    std::vector<MeasureRoute> routes;
    import::SourceRow row;
    while (reader->next(row)) {
        if (row.error) throw Error(Status::invalid_argument, fmt::format("{}: {}", path.string(), *row.error));
        MeasureRoute r{row.fields[*measure], row.fields[*department], std::nullopt};
        if (uscc && !row.fields[*uscc].empty()) r.department_uscc = row.fields[*uscc];
        if (r.measure_code.empty() || r.department.empty())
            throw Error(Status::invalid_argument, fmt::format("{} line {}: a route needs a measure and a department", path.string(), row.line));
        routes.push_back(std::move(r));
    }
    if (routes.empty()) throw Error(Status::invalid_argument, fmt::format("{}: no routes", path.string()));
    return routes;
}

DispatchCounts dispatch_notices(Database& db, Date as_of) {
    security::require_not_public(db, "dispatch notices");
    const store::OpenFile file(db);
    if (as_of > file.today())
        throw Error(Status::invalid_argument, fmt::format("cannot dispatch as of {}: it is after today ({}, China time), and only the day "
                                                          "itself turns an entry's expiry into a lift notice",
                                                          as_of.iso(), file.today().iso()));
    return file.write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const DispatchCounts counts = workflows::send_due_notices(c, as_of, file.today());
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
    auto c = store::OpenFile(db).read();
    const Department d = department_or_throw(*c, department);
    security::require_own_department(db, d, "read the inbox");
    return store::notices_to(*c, d, include_answered);
}

std::int64_t record_feedback(Database& db, const Feedback& f) {
    if (!f.notice_id && f.decision_id.empty()) throw Error(Status::invalid_argument, "feedback must name a notice or a check decision");
    if (f.officer.empty()) throw Error(Status::invalid_argument, "feedback must name the officer");
    if (f.case_ref.empty()) throw Error(Status::invalid_argument, "feedback must give the department's case reference");
    if (f.outcome == FeedbackOutcome::not_applied && f.reason.empty())
        throw Error(Status::invalid_argument, "feedback 'not_applied' must say why the measure was not applied");
    security::require_not_public(db, "give feedback");
    if (!f.decision_id.empty()) flush_check_log(db); // the decision may still wait in the log's queue
    return store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const Department d = department_or_throw(c, f.department);
        security::require_own_department(db, d, "give feedback");
        std::string measure = f.measure_code;
        if (f.notice_id) {
            const auto notice = store::notice_addressee(c, *f.notice_id);
            if (!notice) throw Error(Status::not_found, fmt::format("no notice #{}", *f.notice_id));
            if (notice->department != d.id)
                throw Error(Status::permission_denied, fmt::format("notice #{} went to another department, not to {}", *f.notice_id, d.name));
            if (notice->feedback_id)
                throw Error(Status::conflict, fmt::format("notice #{} already has feedback #{}", *f.notice_id, *notice->feedback_id));
            if (!measure.empty() && measure != notice->measure_code)
                throw Error(Status::invalid_argument,
                            fmt::format("notice #{} concerns measure {}, not {}", *f.notice_id, notice->measure_code, measure));
            measure = notice->measure_code;
        }
        if (!f.decision_id.empty() && !store::check_is_logged(c, f.decision_id))
            throw Error(Status::not_found, fmt::format("no logged check decision '{}'", f.decision_id));
        const std::int64_t id = store::insert_feedback(c, f, d.id, measure, utc_timestamp());
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
    auto c = store::OpenFile(db).read();
    const Department d = department_or_throw(*c, initiating_department);
    security::require_own_department(db, d, "see the dispatch status");
    return store::entries_dispatch_status(*c, d.id);
}

} // namespace credcheck
