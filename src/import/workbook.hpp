// import/workbook.hpp — a file of several sheets (an XLSX or XLS workbook, a SpreadsheetML 2003 workbook,
// the tables of an HTML page), each read as a grid of rows.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "import/cell_values.hpp"
#include "import/grid_reader.hpp"

namespace credcheck::import {

struct SheetInfo {
    std::string name;
    bool hidden = false;
    bool worksheet = true; // false: a chart sheet or dialog sheet, which holds no cells
};

class Workbook {
public:
    virtual ~Workbook() = default;
    Workbook() = default;
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    /// The sheets in the workbook's order (never empty: a workbook with none is refused when opened).
    virtual const std::vector<SheetInfo>& sheets() const = 0;
    /// Whether the sheet has a cell with a value (reads it until it finds one).
    virtual bool has_data(std::size_t index) = 0;
    /// Streams the sheet's rows; the reader may outlive this object.
    virtual std::unique_ptr<GridReader> open_sheet(std::size_t index) = 0;
    /// How the workbook counts date serials (a number in a date column is read with it).
    virtual DateSystem date_system() const { return DateSystem::excel_1900; }
};

} // namespace credcheck::import
