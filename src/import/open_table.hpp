// import/open_table.hpp — any file a department sends, as a table: its format recognised by its bytes
// (format_sniffer.hpp), its encoding and delimiters detected or given, its sheet chosen, its header found
// (header_finder.hpp). What was decided, and why, is reported in TableSource for the dry run and the
// import's summary.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/cell_values.hpp"
#include "import/format_sniffer.hpp"
#include "import/header_finder.hpp"
#include "import/table_reader.hpp"

namespace credcheck::import {

struct TableOptions {
    /// For text files: read as CSV or JSON Lines whatever the content looks like. Workbooks are always
    /// recognised by their bytes.
    std::optional<FileFormat> text_format;
    /// For text files (CSV, HTML): the encoding, overriding detection ("utf-8", "gb18030", "gbk").
    std::optional<std::string> encoding;
    /// A sheet's name or 1-based number; required when a workbook has several visible sheets with data.
    std::optional<std::string> sheet;
    /// The header's row (a sheet's row number, a text file's line), instead of finding it.
    std::optional<std::size_t> header_row;
    /// Which titles count towards finding the header (by title_key).
    std::function<bool(const std::string& key)> recognised;
    std::size_t min_titles = 2;
    bool majority = true; // HeaderRule::majority
    /// A workbook's sheet is unzipped and parsed on a thread of its own, ahead of the import (read_ahead.hpp).
    bool read_ahead = true;

    ReaderLimits limits;
};

/// What was read and why, for reports.
struct TableSource {
    SourceFormat format = SourceFormat::csv;
    std::string encoding;        // "UTF-8", "GB18030", …; "" for workbooks (their text is Unicode)
    std::string encoding_reason; // "detected: not valid UTF-8 at byte 312", "given", "declared by the page", …
    std::string delimiters;      // CSV: "comma", "tab", "comma and tab (the header mixes them)"
    std::vector<std::string> sheets;
    std::string sheet;           // the sheet read ("" for text files)
    std::string sheet_reason;    // "the only sheet", "--sheet", "the only visible sheet with data (…)"
    std::size_t header_row = 0;
    bool rows_are_lines = true;  // text files number lines; workbooks, rows
    std::vector<SkippedRow> skipped;
    DateSystem dates = DateSystem::excel_1900;
};

struct OpenedTable {
    std::unique_ptr<TableReader> reader;
    TableSource source;
};

/// Opens `path`. Throws Error(invalid_argument) for a file credcheck does not read (naming what it is),
/// a sheet that cannot be chosen (naming the sheets), no header; Error(not_found) / Error(io_error).
OpenedTable open_table(const std::filesystem::path& path, const TableOptions& options);
/// The same from bytes that must outlive the table (tests, fuzzing).
OpenedTable open_table_bytes(std::string_view bytes, std::string name, const TableOptions& options);

/// For text files: whether the bytes are UTF-8, judged from the first non-ASCII bytes; the reason says
/// what decided. ASCII-only text is UTF-8.
struct DetectedEncoding {
    Encoding encoding = Encoding::utf8;
    std::string reason;
};
DetectedEncoding detect_text_encoding(std::string_view sample, std::uint64_t sample_offset = 0);

/// The delimiters of a text file, from the record with the most of them among its first lines (commas
/// and tabs outside quotes): commas, tabs, or both when that record mixes them.
Delimiters detect_delimiters(std::string_view head);

} // namespace credcheck::import
