// import/grid_reader.hpp — a file as the rows of cells it shows, before anyone has said which row is the
// header: what every format reader produces (a CSV file's records, a sheet's rows, an HTML table's rows).
// header_finder.hpp turns one into a TableReader.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace credcheck::import {

/// How a reader numbers its rows in messages: a text file's lines, a sheet's rows.
enum class RowUnit { line, row };

struct GridRow {
    std::size_t number = 0;          // 1-based: the line a CSV record starts on, a sheet's row number
    std::vector<std::string> cells;  // UTF-8 text as the cell shows it; no trailing empty cells
    std::optional<std::string> error; // set when this row cannot be read as it is (the reader goes on);
                                      // it says where in the row ("column C: shared string 812 does not exist …")
};

class GridReader {
public:
    virtual ~GridReader() = default;
    GridReader() = default;
    GridReader(const GridReader&) = delete;
    GridReader& operator=(const GridReader&) = delete;

    /// The next row that has any cell, into `row` (reusing its capacity). Returns false at the end. Throws
    /// credcheck::Error when the rest cannot be read (malformed XML, an I/O error, a limit exceeded).
    virtual bool next(GridRow& row) = 0;

    virtual RowUnit unit() const noexcept = 0;
    /// For progress: bytes of the input consumed so far and its total (0 if unknown).
    virtual std::uint64_t bytes_read() const = 0;
    virtual std::uint64_t total_bytes() const = 0;
};

/// The column letters of a 0-based column index: 0 → "A", 27 → "AB".
std::string column_letters(std::size_t index);

} // namespace credcheck::import
