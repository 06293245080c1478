// Which column of a file is which field: canonical names, 双公示 Chinese titles and CF_*/XK_* codes,
// from data/import_columns.tsv.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/tables.hpp"

namespace credcheck::import {

struct Profile;

struct ColumnDef {
    std::string canonical;
    std::vector<std::string> aliases;
    bool required = false;
    bool import_only = false; // read by the importer, not written by export (code_admitted)
};

/// The columns of a kind in canonical (export) order; the accepted-and-ignored 双公示 fields are not listed.
const std::vector<ColumnDef>& columns_for(ImportKind kind);
/// The titles of `kind` that are accepted and ignored.
const std::vector<std::string>& ignored_titles_for(ImportKind kind);

/// The title a rejects file adds for the reason; the importer ignores it, so a fixed rejects file
/// can be imported as it is.
inline constexpr std::string_view kRejectReasonColumn = "reject_reason";

/// What one column of a file is to the import.
enum class ColumnUse { mapped, ignored, unknown, untitled };

/// A file's header resolved against a kind (and a profile): for each canonical column, the index of the
/// file column holding it (or npos), or the constant every row gets. Titles are compared by title_key(),
/// the profile's titles first, then the kind's canonical names, 双公示 titles and codes.
class ColumnMap {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Throws Error(invalid_argument) naming every unknown title, a field given twice, or a missing
    /// required column with the titles that would satisfy it — unless `tolerate` (a dry run), which
    /// records them in problems() instead.
    ColumnMap(ImportKind kind, const std::vector<std::string>& header, std::string_view file_name, const Profile* profile = nullptr,
              bool tolerate = false);

    /// Whether a title (its title_key) is one an import of `kind` with `profile` maps or ignores.
    static bool recognises(ImportKind kind, const Profile* profile, const std::string& key);

    /// For each column of the file: what it is, and the canonical column it gives (mapped only).
    ColumnUse use_of(std::size_t file_column) const noexcept { return uses_[file_column]; }
    const std::string& canonical_of(std::size_t file_column) const noexcept { return canonical_of_[file_column]; }
    /// The value every row gets in canonical column `i` (a profile's or --set constant), if any.
    const std::optional<std::string>& constant_of(std::size_t canonical_index) const noexcept { return constants_[canonical_index]; }
    /// What would refuse the file (tolerate mode only).
    const std::vector<std::string>& problems() const noexcept { return problems_; }

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
    std::vector<std::optional<std::string>> constants_;
    std::vector<ColumnUse> uses_;
    std::vector<std::string> canonical_of_;
    std::vector<std::string> problems_;
};

} // namespace credcheck::import
