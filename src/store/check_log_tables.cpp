#include "store/check_log_tables.hpp"

#include <optional>

namespace credcheck::store {

void insert_check(sql::Connection& c, const CheckRow& r) {
    sql::Query q(c.prepared("INSERT OR IGNORE INTO checks (decision_id, checked_at, as_of, department, purpose, subject_id, "
                            "subject_code, scenario, verdict, measures, data_version, catalog_version) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(r.decision_id)
        .bind(r.checked_at)
        .bind(r.as_of)
        .bind(r.department)
        .bind(r.purpose)
        .bind(r.subject_id ? std::optional<std::int64_t>(r.subject_id) : std::nullopt)
        .bind(r.subject_code)
        .bind(r.scenario)
        .bind(r.verdict)
        .bind(r.measures)
        .bind(r.data_version)
        .bind(r.catalog_version)
        .run();
}

} // namespace credcheck::store
