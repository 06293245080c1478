// Fault injection for SQLite, for the fault tests only: a VFS shim registered as the default VFS that
// wraps the real one ("unix"), and a wrapper of SQLite's default allocator. Both must be installed
// before SQLite initialises (the first open), so they live in their own test executable.
//
// When armed with n, the n-th counted call (1-based) fails, and in Mode::sticky every later one too.
// File operations counted: xOpen, xRead, xWrite, xSync, xTruncate, xFileSize — and xFetch, because the
// library memory-maps the database (mmap_size), so most page reads of the main file go through xFetch
// and never reach xRead. They fail with SQLITE_IOERR_* (xOpen with SQLITE_IOERR, xFetch with
// SQLITE_IOERR_MMAP). Allocations counted: xMalloc and xRealloc (a failing call returns NULL).
#pragma once

#include <cstdint>

namespace credcheck::faults {

enum class Kind { io, malloc };
enum class Mode { sticky, once };

/// Registers the VFS shim as the default VFS and the allocator wrapper. Call first thing in main().
void install();

/// Starts counting calls of `kind` from zero; the n-th and (sticky) every later one fails.
void arm(Kind kind, std::uint64_t n, Mode mode);
/// Stops failing calls. Returns how many calls were counted while armed.
std::uint64_t disarm();
/// How many calls were made to fail since the last arm().
std::uint64_t injected();

} // namespace credcheck::faults
