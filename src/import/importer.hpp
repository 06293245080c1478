// The import of one department file into the store: read, validate, write, all in one transaction.
// The public import_file() (credcheck/import.hpp) adds what the workflows do in the same transaction.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <filesystem>
#include <functional>

#include "credcheck/database.hpp"
#include "credcheck/tables.hpp"
#include "store/sqlite.hpp"

namespace credcheck::import {

/// Work done inside the import's transaction after its rows are written and before it commits, when
/// the file changed anything (import_file: the notices new and ended list entries call for).
using BeforeCommit = std::function<void(sql::Connection&)>;

/// Imports `file` into `db` in one transaction (credcheck::import_file documents the rest).
ImportReport import_table(Database& db, const std::filesystem::path& file, const ImportOptions& options, const BeforeCommit& before_commit);

} // namespace credcheck::import
