// credcheck/batch_input.hpp — the subjects of a batch check (批量比对) as departments hand them over:
// a plain list of codes, or a table (CSV, XLSX, XLS, Excel 2003 XML, HTML) with a column of codes.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <filesystem>
#include <string>
#include <vector>

#include "credcheck/check.hpp"

namespace credcheck {

/// The subjects of a batch, each with the row it came from, for Checker::check_each.
struct BatchInput {
    std::vector<Checker::BatchItem> items;
    std::string sheet; // the workbook's sheet read; empty for a text file
    /// A row in the words of its file: "line 3", or "sheet 'Sheet1' row 7".
    std::string where(std::size_t row) const;
};

struct BatchInputOptions {
    /// The title of a table's column of codes, found below any title rows. Empty: the file is a plain
    /// list, one code a line (blank lines and lines starting with # skipped, a first line titling the
    /// codes — 统一社会信用代码, 证件号码, 纳税人识别号, … — taken as a header).
    std::string column;
    /// The title of the column of names, for masked codes matched by name (a table only).
    std::string name_column;
    /// A workbook's sheet, by name or number from 1 (a table only).
    std::string sheet;
};

/// Reads the subjects of a batch. Every row becomes an item, whatever its code: a code that cannot be
/// checked is the check's answer for that row, never the failure of the batch. Error(invalid_argument)
/// for a workbook or a table read as a plain list, a column that is not there, a name column or sheet
/// without a column of codes; Error(not_found) for a file that cannot be read.
BatchInput read_batch_input(const std::filesystem::path& path, const BatchInputOptions& options);

} // namespace credcheck
