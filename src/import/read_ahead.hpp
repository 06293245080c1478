// import/read_ahead.hpp — a GridReader that reads another one on a thread of its own, a few batches of
// rows ahead of whoever reads it: unzipping and parsing a workbook's XML then runs while the importer
// validates and writes the rows before (bench/import_xlsx.sh).
//
// The reader it wraps is used by that thread only, from the first next() on; the rows come out in order,
// each row's error with it, and an exception the wrapped reader throws comes out of next() where it
// stopped, after the rows read before it. Destroying the reader stops the thread (the rows read ahead are
// dropped). When no thread can be started, the rows are read on the caller's thread.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstddef>
#include <memory>

#include "import/grid_reader.hpp"

namespace credcheck::import {

struct ReadAheadLimits {
    std::size_t batch_rows = 256; // rows handed over at a time
    std::size_t batches = 4;      // batches read ahead at most
};

std::unique_ptr<GridReader> read_ahead(std::unique_ptr<GridReader> reader, ReadAheadLimits limits = {});

} // namespace credcheck::import
