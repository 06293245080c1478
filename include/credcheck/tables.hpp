// credcheck/tables.hpp — the tables departments send and credcheck exports: kinds, formats, the
// options and the report of an import, and export in the same shapes (import: credcheck/import.hpp).
//
// Files are CSV (RFC 4180) or JSON Lines, UTF-8 (with or without BOM) or GB18030/GBK. Columns are
// the canonical English names, or for licences and penalties the 双公示 Chinese titles or the
// CF_*/XK_* field codes (data/import_columns.tsv).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "credcheck/database.hpp"
#include "credcheck/error.hpp"

namespace credcheck {

enum class ImportKind { subjects, relations, lists, licenses, penalties };
enum class FileFormat { csv, jsonl };
enum class TextEncoding { utf8, gb18030 };

std::string_view to_string(ImportKind) noexcept;
std::optional<ImportKind> parse_import_kind(std::string_view) noexcept;

struct ImportProgress {
    std::uint64_t rows = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t total_bytes = 0; // 0 when unknown
};

struct ImportOptions {
    ImportKind kind = ImportKind::penalties;
    std::optional<FileFormat> format;           // default: from the extension (.jsonl/.ndjson, else CSV)
    TextEncoding encoding = TextEncoding::utf8;
    /// Commit the good rows even when some are bad (the bad ones are reported, and written to
    /// `rejects` if set). Default: all or nothing.
    bool partial = false;
    std::optional<std::filesystem::path> rejects;
    /// Birth dates in ID numbers must not be after this day; default today.
    std::optional<Date> today;
    /// Called every few thousand rows and once at the end.
    std::function<void(const ImportProgress&)> on_progress;
};

/// One problem with one row: where (line, column title as in the file), the value (ID numbers
/// masked) and why.
struct RowProblem {
    std::size_t line = 0;
    std::string column; // empty when the problem concerns the whole row
    std::string value;
    std::string reason;
};

struct ImportReport {
    std::uint64_t rows = 0;
    std::uint64_t inserted = 0;
    std::uint64_t updated = 0;
    std::uint64_t unchanged = 0;
    std::uint64_t rejected = 0;          // rows with at least one problem
    std::uint64_t subjects_created = 0;  // subjects (and legal representatives) created from rows
    std::vector<RowProblem> problems;    // every problem, up to 100,000 (then problems_omitted counts)
    std::uint64_t problems_omitted = 0;
    bool committed = false;
};

/// Thrown by import_file() when rows were bad and nothing was committed; carries the report.
class ImportRejected : public Error {
public:
    ImportRejected(std::string message, ImportReport report)
        : Error(Status::import_rejected, std::move(message)), report_(std::move(report)) {}
    const ImportReport& report() const noexcept { return report_; }

private:
    ImportReport report_;
};

struct ExportOptions {
    ImportKind kind = ImportKind::penalties;
    FileFormat format = FileFormat::csv;
};

/// Writes every row of `kind` in the canonical columns, in a stable order; importing the output into
/// an empty database and exporting again gives the same bytes. Returns the number of rows.
std::uint64_t export_table(const Database& db, const ExportOptions& options, std::ostream& out);

/// The canonical column names of a kind, in export order.
std::vector<std::string> canonical_columns(ImportKind kind);

} // namespace credcheck
