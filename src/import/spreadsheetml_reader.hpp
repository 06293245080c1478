// import/spreadsheetml_reader.hpp — Excel 2003 XML workbooks (SpreadsheetML, `<Workbook xmlns=
// "urn:schemas-microsoft-com:office:spreadsheet">`), which systems still export and name .xls. Read as
// they stream through expat: ss:Index and ss:MergeAcross/ss:MergeDown place the cells, Number cells as
// Excel shows them (15 significant digits, no E notation), DateTime cells as dates, Boolean as TRUE/FALSE,
// an Error cell is a row error. A file declared in an encoding expat lacks (GB2312, GBK) is decoded first.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "import/workbook.hpp"

namespace credcheck::import {

std::unique_ptr<Workbook> open_spreadsheetml(const std::filesystem::path& path, std::string name);
/// From bytes that must outlive the workbook and its readers.
std::unique_ptr<Workbook> open_spreadsheetml_bytes(std::string_view bytes, std::string name);

/// The encoding an XML declaration at the start of `head` names ("" when it names none).
std::string xml_declared_encoding(std::string_view head);

} // namespace credcheck::import
