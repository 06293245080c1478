// import/html_table_reader.hpp — an HTML page saved with an .xls or .xlsx name (what many government
// systems "export to Excel"), read as the rows of its tables. Each <table> with rows is a sheet ("table 1",
// "table 2"… in document order). HTML is read as browsers forgive it: unclosed <td> and <tr>, entities,
// <br> as a line break, colspan and rowspan placing the cells, <script> and <style> skipped. Excel's own
// HTML export gives a number's value in x:num: it is taken (as Excel shows it, 15 digits) instead of the
// text shown, unless that text is a date. The encoding is the page's <meta charset>, else UTF-8 when the
// bytes are, else GB18030.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "import/workbook.hpp"

namespace credcheck::import {

/// `encoding`: an iconv name that overrides what the page declares (nullopt: as declared or detected).
std::unique_ptr<Workbook> open_html(const std::filesystem::path& path, std::string name, std::optional<std::string> encoding = std::nullopt);
/// From bytes that must outlive the workbook and its readers.
std::unique_ptr<Workbook> open_html_bytes(std::string_view bytes, std::string name, std::optional<std::string> encoding = std::nullopt);

/// The charset a page's first bytes declare (<meta charset="gbk">, content="text/html; charset=gb2312"),
/// or "".
std::string html_declared_charset(std::string_view head);

/// What the HTML workbook was read as, for reports: the iconv encoding name.
std::string html_encoding(const Workbook& workbook);

} // namespace credcheck::import
