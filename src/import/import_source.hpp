// import/import_source.hpp — the importer's first step: the profile (and --set constants), the file opened
// as a table (open_table.hpp) with the titles the import knows, and a report of what was decided.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <filesystem>
#include <optional>

#include "credcheck/tables.hpp"
#include "import/columns.hpp"
#include "import/open_table.hpp"
#include "import/profiles.hpp"

namespace credcheck::import {

struct PreparedFile {
    std::optional<Profile> profile; // the profile with --set constants, when either is given
    OpenedTable table;
    ImportSource source;
};

/// Loads the profile and opens the file. Throws Error(invalid_argument) for a profile of another kind,
/// and whatever open_table throws.
PreparedFile prepare_file(const std::filesystem::path& file, const ImportOptions& options);

/// Adds to `source` what each column of the file is to the import, and the constants.
void describe_columns(const ColumnMap& map, const std::vector<std::string>& header, ImportKind kind, ImportSource& source);

/// A row as it would be imported: each canonical column the file or a constant gives, its value (ID
/// numbers masked).
PreviewRow preview_of(const ColumnMap& map, ImportKind kind, const SourceRow& row);

} // namespace credcheck::import
