// credcheck/error.hpp — the one exception type the C++ API throws, and the status codes it carries.
//
// The numeric values are pinned: the C ABI (capi/credcheck.h) returns the same numbers, so a value here
// never changes meaning and new codes are only ever appended.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <stdexcept>
#include <string>
#include <string_view>

namespace credcheck {

enum class Status : int {
    ok = 0,
    invalid_argument = 1,      // a caller passed something malformed (bad date, unknown scenario, …)
    invalid_identifier = 2,    // a code failed its standard's checks
    not_found = 3,             // a named file, subject, record or entry does not exist
    io_error = 4,              // the operating system refused a read or write
    database_error = 5,        // SQLite reported an error
    schema_too_new = 6,        // the database was written by a newer credcheck
    import_rejected = 7,       // an import file had bad rows and nothing was committed
    catalog_invalid = 8,       // the measures catalog failed validation
    permission_denied = 9,     // the principal may not do this
    conflict = 10,             // the operation contradicts the current state (e.g. resolving twice)
    calendar_not_covered = 11, // a date lies outside the loaded working-day calendar
    busy = 12,                 // the database stayed locked past the busy timeout
    out_of_memory = 13,
    internal = 14,             // a bug in credcheck: please report it
    misuse = 15,               // an API used out of order (closed handle, NULL where not allowed)
    struct_too_new = 16,       // a C caller's struct, from a newer header, sets fields this library does not know
    feed_refused = 17,         // a feed file failed verification (signature, chain, sequence, expiry, digest): nothing was applied
};

/// Short stable name of a status ("invalid_identifier").
std::string_view status_name(Status status) noexcept;

/// Thrown by the C++ API. what() says what was wrong and where, in one line.
class Error : public std::runtime_error {
public:
    Error(Status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    Status status() const noexcept { return status_; }

private:
    Status status_;
};

} // namespace credcheck
