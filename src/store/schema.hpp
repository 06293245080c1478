// The database schema and its migrations. The schema version is PRAGMA user_version: a file with a
// higher version than this build knows is refused; a lower one is migrated in one transaction.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include "credcheck/principal.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

/// The schema version this build writes.
int latest_schema_version() noexcept;

/// Brings `db` to latest_schema_version(); throws Error(schema_too_new) for a newer file.
/// Migrates in one transaction. A write that changes rows is recorded in the audit trail as
/// `schema.migrate` by `by`; a database from before row images (schema < 5) gets the image of every
/// row it holds, vouched for by that entry, so that `audit verify` checks its data from then on.
void migrate(sql::Connection& db, const Principal& by = Principal::credit_office("schema migration"));

/// The version recorded in the file (0 for a new, empty file).
int schema_version(sql::Connection& db);

} // namespace credcheck::store
