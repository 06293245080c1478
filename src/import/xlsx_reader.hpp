// import/xlsx_reader.hpp — Office Open XML workbooks (.xlsx, ECMA-376), read as they stream out of the zip:
// a sheet of a million rows costs the memory of its shared strings and one chunk, never the workbook.
//
// Cells come out as Excel shows them in a General cell: shared and inline strings as they are (with
// `_x000D_` escapes decoded, phonetic runs left out), numbers rounded to 15 significant digits and never
// in E notation (a document number stored as a number comes out as its digits), booleans TRUE/FALSE,
// formula cells as their cached value, and numbers in a date format (by the cell's style) as dates in the
// workbook's date system (1900, with its 1900-02-29, or 1904). A cell holding an Excel error (#N/A), a
// shared string index out of range or a style that does not exist is a row error; malformed XML, more
// rows or columns than Excel allows, or a part that expands like a zip bomb stop the reader.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "import/cell_values.hpp"
#include "import/workbook.hpp"

namespace credcheck::import {

struct XlsxLimits {
    /// The shared strings part, uncompressed: its text is held in memory while a sheet is read.
    std::uint64_t max_shared_strings_bytes = std::uint64_t{4} << 30;
    /// Any other part read whole (workbook, styles, relationships).
    std::uint64_t max_part_bytes = std::uint64_t{256} << 20;
    /// How much more than its compressed size a part may expand (beyond 16 MiB): real sheets expand 5-30 times.
    std::uint64_t max_expansion = 1000;
    /// Bytes inflated at a time while a sheet streams.
    std::size_t chunk_bytes = std::size_t{1} << 16;
};

/// Opens a workbook (a file, or bytes that must outlive it and its sheet readers). Throws
/// Error(invalid_argument) naming what is wrong: not a zip, no workbook part, a damaged part, no sheets.
std::unique_ptr<Workbook> open_xlsx(const std::filesystem::path& path, std::string name, XlsxLimits limits = {});
std::unique_ptr<Workbook> open_xlsx_bytes(std::string_view bytes, std::string name, XlsxLimits limits = {});

/// How a number format shows a number, from its id and format code: as a date, a date and time, a time,
/// or (nullopt) as a number. Built-in ids 14-22, 27-36, 45-47, 50-58; custom codes by their y/m/d/h/s
/// placeholders outside quoted text, escapes and [colour] or [$-locale] brackets. Exposed for tests.
std::optional<DateCellStyle> number_format_style(unsigned id, std::string_view code);

} // namespace credcheck::import
