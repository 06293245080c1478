// credcheck/tables.hpp — the tables departments send and credcheck exports: kinds, formats, the
// options and the report of an import, and export in the same shapes (import: credcheck/import.hpp).
//
// Files are read as departments send them, recognised by their bytes: CSV (commas, tabs, or a header
// mixing both) and JSON Lines in UTF-8 or GB18030/GBK (detected, or given), XLSX, XLS (BIFF8, BIFF5),
// Excel 2003 XML (SpreadsheetML) and HTML tables saved as .xls. A workbook's sheet is chosen (the only
// visible one with data) or named; the header is found below title rows and instruction blocks, or named.
// Columns are the canonical English names, the 双公示 Chinese titles or CF_*/XK_* codes
// (data/import_columns.tsv), or a department's own titles mapped by a profile (data/profiles/).
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
    /// A text file read as CSV or JSON Lines (default: by its content). Workbooks are always recognised by
    /// their bytes, whatever this says.
    std::optional<FileFormat> format;
    /// A text file's encoding (CSV, HTML); default: detected (UTF-8 when its bytes are, else GB18030).
    std::optional<TextEncoding> encoding;
    /// Commit the good rows even when some are bad (the bad ones are reported, and written to
    /// `rejects` if set). Default: all or nothing.
    bool partial = false;
    std::optional<std::filesystem::path> rejects;
    /// Birth dates in ID numbers must not be after this day; default today.
    std::optional<Date> today;
    /// Called every few thousand rows and once at the end.
    std::function<void(const ImportProgress&)> on_progress;
    /// A workbook's sheet by name or 1-based number; needed when several visible sheets have data.
    std::optional<std::string> sheet;
    /// The header's row (a sheet's row number, a text file's line) instead of finding it.
    std::optional<std::size_t> header_row;
    /// A built-in profile's name (tax_a_grade, court_dishonest, shuanggongshi_penalties,
    /// shuanggongshi_licenses) or a profile file: the file's own titles and constant columns.
    std::optional<std::string> profile;
    /// COLUMN=VALUE: a canonical column's value for every row, on top of the profile's.
    std::vector<std::string> constants;
    /// Read and validate every row against the database as the import would, report what it would do
    /// (ImportReport::source, ::preview, the counts and problems), and write nothing.
    bool dry_run = false;
    /// Rows shown in ImportReport::preview on a dry run.
    std::size_t preview_rows = 5;
};

/// One problem with one row: where (line, column title as in the file), the value (ID numbers
/// masked) and why.
struct RowProblem {
    std::size_t line = 0;
    std::string column; // empty when the problem concerns the whole row
    std::string value;
    std::string reason;
};

/// A column of the file and what the import does with it.
struct ImportColumn {
    std::string title;  // as the file has it (line breaks removed)
    std::string use;    // "mapped", "ignored", "unknown" (refused) or "untitled" (must stay empty)
    std::string column; // the canonical column, when mapped
};

/// What was read, and how it was decided.
struct ImportSource {
    std::string format;          // "XLSX (Office Open XML workbook)", "CSV", …
    std::string encoding;        // "UTF-8", "GB18030"; "" for workbooks
    std::string encoding_reason; // "detected: …", "given", "byte order mark", …
    std::string delimiters;      // CSV: "comma", "tab", "comma and tab (…)"
    std::vector<std::string> sheets;
    std::string sheet, sheet_reason;
    std::size_t header_row = 0;
    bool rows_are_lines = true; // a text file's lines, or a sheet's rows
    std::vector<std::pair<std::size_t, std::string>> skipped_rows; // above the header: number, first text
    std::string profile;
    std::vector<ImportColumn> columns;
    std::vector<std::pair<std::string, std::string>> constants; // canonical column, value
};

/// A row as it would be imported: canonical column → value (ID numbers masked).
struct PreviewRow {
    std::size_t line = 0;
    std::vector<std::pair<std::string, std::string>> values;
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
    /// Rows imported with something to know: a code admitted as issued although it fails its check
    /// character (up to 100,000; then warnings_omitted counts).
    std::vector<RowProblem> warnings;
    std::uint64_t warnings_omitted = 0;
    /// Rows whose codes normalisation changed, by what it changed ("folded full-width characters", 12):
    /// explicit, never silent (credcheck/normalize.hpp).
    std::vector<std::pair<std::string, std::uint64_t>> normalized_codes;
    ImportSource source;
    bool dry_run = false;
    /// Dry run: what refuses the file before any row is read (unknown titles, missing required columns).
    std::vector<std::string> refusals;
    /// Dry run: the first rows as they would be imported.
    std::vector<PreviewRow> preview;
    /// Where a row is, in the words of its file: "line 17", or "sheet 'Sheet1' row 17".
    std::string where(std::size_t line) const;
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
