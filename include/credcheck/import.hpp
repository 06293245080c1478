// credcheck/import.hpp — bulk import of department files (the shapes: credcheck/tables.hpp).
//
// Files are read as departments send them (the formats: credcheck/tables.hpp). Every row is validated; by
// default one bad row rejects the whole file and the database is unchanged. Importing the same file twice
// changes nothing: rows are matched by their natural key and only real changes are written, with history.
// An import of list entries sends, in the same transaction, the notices the entries call for
// (credcheck/dispatch.hpp).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <filesystem>

#include "credcheck/database.hpp"
#include "credcheck/tables.hpp"

namespace credcheck {

/// Imports `file` into `db` in one transaction. Throws ImportRejected when any row is bad and
/// `partial` is false (its report counts the rows read and rejected; what it says was inserted or updated
/// was rolled back); Error for a file that cannot be read at all (missing, a format credcheck does not read,
/// several sheets and none chosen, no header, bad encoding). With `dry_run`, returns the report of what
/// would happen and never throws ImportRejected.
ImportReport import_file(Database& db, const std::filesystem::path& file, const ImportOptions& options);

} // namespace credcheck
