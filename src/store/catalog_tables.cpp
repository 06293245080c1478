#include "store/catalog_tables.hpp"

#include <fmt/format.h>
#include <set>

#include "credcheck/error.hpp"
#include "store/audit_log.hpp"
#include "store/writer.hpp"

namespace credcheck::store {

void write_catalog(sql::Connection& c, const CatalogRows& catalog, const Principal& principal) {
    const std::string actor = principal.describe();
    sql::Transaction tx(c);
    AuditScope audit(c, principal, "catalog.install");
    std::set<std::string> keep;
    for (const auto& l : catalog.lists) keep.insert(l.code);
    {
        // Lists the new catalog drops must not be in use.
        sql::Query q(c.prepared("SELECT list_code, count(*) FROM list_entries GROUP BY list_code ORDER BY list_code"));
        std::string in_use;
        while (q.step()) {
            const std::string code(q.text(0));
            if (!keep.contains(code)) in_use += fmt::format("{}{} ({} entries)", in_use.empty() ? "" : ", ", code, q.integer(1));
        }
        if (!in_use.empty())
            throw Error(Status::conflict, fmt::format("catalog {} drops lists still used by entries: {}", catalog.version, in_use));
    }
    c.exec("DELETE FROM scenarios");
    for (const auto& s : catalog.scenarios) {
        sql::Query q(c.prepared("INSERT INTO scenarios (code, name) VALUES (?, ?)"));
        q.bind(s.code).bind(s.name).run();
    }
    {
        sql::Query q(c.prepared("SELECT code FROM lists"));
        std::vector<std::string> drop;
        while (q.step())
            if (!keep.contains(std::string(q.text(0)))) drop.emplace_back(q.text(0));
        for (const auto& code : drop) {
            sql::Query d(c.prepared("DELETE FROM lists WHERE code = ?"));
            d.bind(code).run();
        }
    }
    for (const auto& l : catalog.lists) {
        sql::Query q(c.prepared("INSERT INTO lists (code, name, colour, authority, default_term) VALUES (?, ?, ?, ?, ?) "
                                "ON CONFLICT (code) DO UPDATE SET name = excluded.name, colour = excluded.colour, "
                                "authority = excluded.authority, default_term = excluded.default_term"));
        q.bind(l.code).bind(l.name).bind(to_string(l.colour)).bind(l.authority).bind(l.default_term).run();
    }
    {
        sql::Query q(c.prepared("INSERT INTO catalog_versions (version, title, sha256, json, installed_at, installed_by) "
                                "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?)"));
        q.bind(catalog.version).bind(catalog.title).bind(catalog.sha256).bind(catalog.json).bind(actor).run();
    }

    write_measure_triggers(c, c.last_insert_rowid(), catalog.triggers);
    Writer(c, ChangeContext{actor, "catalog", 0}).bump_data_version();
    audit.target = "catalog " + catalog.version;
    audit.details = {{"version", catalog.version}, {"sha256", catalog.sha256}};
    audit.append();
    tx.commit();
}

std::optional<std::string> read_catalog_json(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT json FROM catalog_versions ORDER BY id DESC LIMIT 1"));
    if (!q.step()) return std::nullopt;
    return std::string(q.text(0));
}

std::optional<std::string> catalog_json_of_row(sql::Connection& c, std::int64_t row) {
    sql::Query q(c.prepared("SELECT json FROM catalog_versions WHERE id = ?"));
    q.bind(row);
    if (!q.step()) return std::nullopt;
    return std::string(q.text(0));
}

std::optional<StaleTriggers> stale_measure_triggers(sql::Connection& c) {
    sql::Query q(c.prepared("SELECT v.id, v.json, (SELECT value FROM meta WHERE key = 'triggers_catalog') FROM catalog_versions v "
                            "ORDER BY v.id DESC LIMIT 1"));
    if (!q.step()) return std::nullopt;
    if (q.optional_text(2) == std::to_string(q.integer(0))) return std::nullopt;
    return StaleTriggers{q.integer(0), std::string(q.text(1))};
}

void write_measure_triggers(sql::Connection& c, std::int64_t catalog_row, const std::vector<std::pair<std::string, std::string>>& triggers) {
    sql::Query(c.prepared("DELETE FROM measure_triggers")).run();
    for (const auto& [measure, list] : triggers) {
        sql::Query q(c.prepared("INSERT INTO measure_triggers (measure_code, list_code) VALUES (?, ?)"));
        q.bind(measure).bind(list).run();
    }
    sql::Query q(c.prepared("INSERT INTO meta (key, value) VALUES ('triggers_catalog', ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.bind(std::to_string(catalog_row)).run();
}

} // namespace credcheck::store
