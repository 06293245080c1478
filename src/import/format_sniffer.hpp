// import/format_sniffer.hpp — what a file is, from its bytes, whatever its name says: departments send
// HTML pages and CSV files named .xls, Excel 2003 XML named .xls, zips of anything named .xlsx.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credcheck::import {

enum class SourceFormat { csv, jsonl, xlsx, xls, spreadsheetml, html };

/// "CSV", "JSON Lines", "XLSX (Office Open XML workbook)", "XLS (Excel 97-2003 workbook)",
/// "SpreadsheetML (Excel 2003 XML workbook)", "HTML table".
std::string_view format_description(SourceFormat format) noexcept;

struct Sniffed {
    std::optional<SourceFormat> format; // nullopt: a file credcheck does not read
    std::string refusal;                // then: what it is and what to do ("a PDF document: …")
};

/// Recognises `head` (a file's first bytes; 64 KiB suffice). For a zip, `zip_entries` lists the
/// archive's entries (it may throw Error when the archive is damaged).
Sniffed sniff(std::string_view head, const std::function<std::vector<std::string>()>& zip_entries);

/// Whether `head` looks like text in which a delimiter or the encoding can be detected (no NUL bytes).
bool looks_like_text(std::string_view head) noexcept;

} // namespace credcheck::import
