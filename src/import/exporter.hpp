// Exports for the publication workflow, beside export_table() (tables.hpp).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <ostream>
#include <span>

#include "credcheck/tables.hpp"
#include "store/sqlite.hpp"

namespace credcheck::import {

/// Writes the licences or penalties `ids`, in that order, in the 双公示 format: the Chinese column
/// titles of data/import_columns.tsv and ID numbers masked. Returns the number of rows written.
std::uint64_t export_records_for_publication(sql::Connection& c, ImportKind kind, std::span<const RecordId> ids, FileFormat format,
                                             std::ostream& out);

} // namespace credcheck::import
