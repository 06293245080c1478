#include "store/notices.hpp"

#include <algorithm>

#include "credcheck/catalog.hpp"
#include "store/catalog_tables.hpp"
#include "util/clock.hpp"

namespace credcheck::store {

void sync_measure_triggers(sql::Connection& c) {
    std::int64_t catalog_row = 0;
    {
        sql::Query q(c.prepared("SELECT max(id) FROM catalog_versions"));
        if (q.step() && !q.is_null(0)) catalog_row = q.integer(0);
    }
    {
        sql::Query q(c.prepared("SELECT value FROM meta WHERE key = 'triggers_catalog'"));
        if (q.step() && q.text(0) == std::to_string(catalog_row)) return;
    }
    sql::Query(c.prepared("DELETE FROM measure_triggers")).run();
    if (catalog_row != 0) {
        const auto json = read_catalog_json(c);
        const Catalog catalog = parse_catalog(*json, "installed", true);
        for (const auto& m : catalog.measures)
            for (const auto& l : catalog.lists)
                if (m.triggered_by(l)) {
                    sql::Query q(c.prepared("INSERT INTO measure_triggers (measure_code, list_code) VALUES (?, ?)"));
                    q.bind(m.code).bind(l.code).run();
                }
    }
    sql::Query q(c.prepared("INSERT INTO meta (key, value) VALUES ('triggers_catalog', ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.bind(std::to_string(catalog_row)).run();
}

DispatchCounts write_due_notices(sql::Connection& c, Date as_of, Date today) {
    sync_measure_triggers(c);
    const std::string now = utc_timestamp();
    // Only the clock turns an expiry into a lift notice: a caller's date (a dispatch, an import's
    // --as-of, a resolution date) never reaches past today, so no one can lift an entry early by
    // naming a later day — and then see the real lift notice never sent.
    as_of = std::min(as_of, today);
    DispatchCounts counts;
    {
        // An entry seen ended for the first time gets the day, for reports.
        sql::Query q(c.prepared("UPDATE list_entries SET ended_on = ?1 WHERE status <> 'active' AND ended_on IS NULL"));
        q.bind(as_of).run();
    }
    {
        sql::Query q(c.prepared(
            "INSERT OR IGNORE INTO notices (kind, entry_id, measure_code, department_id, cause, created_on, created_at) "
            "SELECT 'apply', e.id, t.measure_code, r.department_id, 'entered', ?1, ?2 "
            "FROM list_entries e JOIN measure_triggers t ON t.list_code = e.list_code "
            "JOIN measure_routes r ON r.measure_code = t.measure_code "
            "WHERE e.status = 'active' AND (e.expires_on IS NULL OR e.expires_on > ?3) "
            "ORDER BY e.id, t.measure_code, r.department_id"));
        q.bind(as_of).bind(now).bind(today).run();
        counts.apply = c.changes();
    }
    {
        // Every department told to apply a measure is told to lift it when the entry ends.
        sql::Query q(c.prepared(
            "INSERT OR IGNORE INTO notices (kind, entry_id, measure_code, department_id, cause, created_on, created_at) "
            "SELECT 'lift', n.entry_id, n.measure_code, n.department_id, "
            "       CASE WHEN e.status = 'active' THEN 'expired' ELSE e.status END, ?1, ?2 "
            "FROM notices n JOIN list_entries e ON e.id = n.entry_id "
            "WHERE n.kind = 'apply' AND (e.status <> 'active' OR (e.expires_on IS NOT NULL AND e.expires_on <= ?3)) "
            "ORDER BY n.id"));
        q.bind(as_of).bind(now).bind(today).run();
        counts.lift = c.changes();
    }
    return counts;
}

} // namespace credcheck::store
