// The database schema and its migrations. The schema version is PRAGMA user_version: a file with a
// higher version than this build knows is refused; a lower one is migrated in one transaction.
#pragma once

#include "store/sqlite.hpp"

namespace credcheck::store {

/// The schema version this build writes.
int latest_schema_version() noexcept;

/// Brings `db` to latest_schema_version(); throws Error(schema_too_new) for a newer file.
void migrate(sql::Connection& db);

/// The version recorded in the file (0 for a new, empty file).
int schema_version(sql::Connection& db);

} // namespace credcheck::store
