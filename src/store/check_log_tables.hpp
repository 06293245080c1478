// The check log's table: one row per decision given (who asked, why, about whom, in which scenario,
// the verdict and measures, the data and catalog versions), written by the engine's check log.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <string>

#include "store/sqlite.hpp"

namespace credcheck::store {

struct CheckRow {
    std::string decision_id, checked_at, as_of, department, purpose, subject_code, scenario, verdict, measures, catalog_version;
    std::int64_t subject_id = 0, data_version = 0; // subject_id 0: no subject found
};

/// Stores a decision once (a decision id already logged is left as it is), inside the caller's transaction.
void insert_check(sql::Connection& c, const CheckRow& row);

} // namespace credcheck::store
