// import/header_finder.hpp — which row of a grid is the header, and the rows below it as a table.
//
// Department files put a title row, an instruction block (merged cells, text over several lines) and
// blank rows above the header. The header is the first row in which at least two cells (one, when
// asked for one column) are titles the import recognises and they are at least half of the row's
// non-empty cells; `--header-row N` names it instead. Titles are compared by title_key(): without
// spaces and line breaks, without the `*` that marks a required field or a "(必填)" after it, with
// full-width characters （） as ASCII and letters in one case.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/grid_reader.hpp"
#include "import/table_reader.hpp"

namespace credcheck::import {

/// The form in which titles are compared.
std::string title_key(std::string_view title);
/// A title as shown in messages: surrounding spaces trimmed, line breaks (and the spaces around them) removed.
std::string clean_title(std::string_view title);

struct HeaderRule {
    /// Whether a title (its title_key) is one the import maps to a column or ignores knowingly.
    std::function<bool(const std::string& key)> recognised;
    /// The header's row number as the reader numbers them (a sheet's row, a text file's line).
    std::optional<std::size_t> row;
    /// The fewest recognised titles a header has.
    std::size_t min_titles = 2;
    /// Whether the recognised titles must also be at least half of the row's non-empty cells (an import,
    /// which maps every column); a check-batch table only needs its named columns.
    bool majority = true;
    /// How many non-blank rows are looked at before giving up.
    std::size_t scan_rows = 100;
};

/// A row above the header, for the dry run: its number and its first text.
struct SkippedRow {
    std::size_t number = 0;
    std::string text;
};

/// The rows of a grid below its header. Each row has the header's width: a value in a column with no
/// title, or beyond the last title, is the row's error; so is a text record (CSV) whose field count is
/// not the header's — a company name with an unquoted comma is rejected, never shifted into the next
/// column. Blank rows are skipped.
class HeaderedReader final : public TableReader {
public:
    /// Finds the header. Throws Error(invalid_argument) when there is none in the first scan_rows rows
    /// (saying which row came closest and what it lacked), when --header-row names no row, or when a
    /// title appears twice.
    HeaderedReader(std::unique_ptr<GridReader> grid, const HeaderRule& rule, std::string where);

    const std::vector<std::string>& header() const override { return header_; }
    bool next(SourceRow& row) override;
    std::uint64_t bytes_read() const override { return grid_->bytes_read(); }
    std::uint64_t total_bytes() const override { return grid_->total_bytes(); }

    std::size_t header_row() const noexcept { return header_row_; }
    const std::vector<SkippedRow>& skipped() const noexcept { return skipped_; }
    RowUnit unit() const noexcept { return grid_->unit(); }

private:
    std::unique_ptr<GridReader> grid_;
    std::string where_; // "book.xlsx, sheet 'Sheet1'" or "file.csv"
    std::vector<std::string> header_;
    std::size_t header_row_ = 0;
    std::size_t header_fields_ = 0; // a text file's header record: its field count
    std::vector<SkippedRow> skipped_;
    GridRow scratch_;
};

} // namespace credcheck::import
