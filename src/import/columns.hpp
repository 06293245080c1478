// Which column of a file is which field: canonical names, 双公示 Chinese titles and CF_*/XK_* codes,
// from data/import_columns.tsv.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/tables.hpp"

namespace credcheck::import {

struct ColumnDef {
    std::string canonical;
    std::vector<std::string> aliases;
    bool required = false;
};

/// The columns of a kind in canonical (export) order; the accepted-and-ignored 双公示 fields are not listed.
const std::vector<ColumnDef>& columns_for(ImportKind kind);
/// The titles of `kind` that are accepted and ignored.
const std::vector<std::string>& ignored_titles_for(ImportKind kind);

/// The title a rejects file adds for the reason; the importer ignores it, so a fixed rejects file
/// can be imported as it is.
inline constexpr std::string_view kRejectReasonColumn = "reject_reason";

/// A file's header resolved against a kind: for each canonical column, the index of the file column
/// holding it (or npos).
class ColumnMap {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Throws Error(invalid_argument) naming every unknown title, a field given twice, or a missing
    /// required column with the titles that would satisfy it.
    ColumnMap(ImportKind kind, const std::vector<std::string>& header, std::string_view file_name);

    /// Index in the file of canonical column `i` of columns_for(kind), or npos.
    std::size_t source_of(std::size_t canonical_index) const noexcept { return source_[canonical_index]; }
    /// The title the file uses for canonical column `i` (for messages), or the canonical name.
    const std::string& title_of(std::size_t canonical_index) const noexcept { return titles_[canonical_index]; }
    /// Index in columns_for(kind) of the canonical name, or npos. Used once per handler at start-up.
    std::size_t canonical_index(std::string_view canonical) const noexcept;

private:
    ImportKind kind_;
    std::vector<std::size_t> source_;
    std::vector<std::string> titles_;
};

} // namespace credcheck::import
