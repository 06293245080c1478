// import/biff_sanitizer.hpp — what FreeXL is given of an Excel 97-2003 workbook: a new workbook stream that
// holds only the records FreeXL reads, each checked first against the reads FreeXL makes of it.
//
// FreeXL 1.0.6 copies strings by the lengths a file declares without checking that they fit their record
// (a FORMAT, LABEL or BOUNDSHEET record, a shared string table split over CONTINUE records), counts each
// date out day by day from 1900 (seconds for a large sheet, minutes for a crafted one), allocates what
// dimension records claim, and leaks a sheet's cells when a sheet has two DIMENSION records or none:
// fuzzing credcheck's first XLS reader found a heap overflow in it within minutes, and the leaks after.
// So it never sees the sender's file: the workbook stream is read here, every record FreeXL would read is
// checked (a record that would make it read past its end refuses the file, naming the record), the others
// (formulas, drawings, macros, everything FreeXL ignores) are left out, as are substreams no BOUNDSHEET
// names (embedded charts); each sheet gets exactly one DIMENSION record (one reaching as far as its cells
// when it had none; a sheet named but absent is given empty); and the result goes to FreeXL in a
// compound file credcheck writes itself. Number formats are read here too and FreeXL is given none: it
// hands out every number as a number, and the cells that are dates (by credcheck's reading of their
// format: the CJK built-in formats included, which FreeXL does not know) are converted by credcheck.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "import/cell_values.hpp"

namespace credcheck::import {

struct XlsLimits;

struct SanitizedWorkbook {
    std::string stream; // the workbook stream to give FreeXL
    int biff = 8;       // 8 or 5
    /// Per sheet (in BOUNDSHEET order): the cells of the sender's file that held a formula (FreeXL reads
    /// no formula results), as row << 16 | column.
    std::vector<std::set<std::uint64_t>> formulas;
    /// Per sheet: the numeric cells whose format shows a date or time, and how.
    std::vector<std::unordered_map<std::uint64_t, DateCellStyle>> dates;
};

/// Checks and rewrites a workbook stream. Throws Error(invalid_argument) naming what is refused: a
/// password, a BIFF version other than 5 or 8, a record FreeXL would read past the end of, more cells
/// than `limits` lets FreeXL allocate, a second DIMENSION record in a sheet, a sheet nested in another.
SanitizedWorkbook sanitize_workbook_stream(std::string_view stream, const std::string& name, const XlsLimits& limits);

} // namespace credcheck::import
