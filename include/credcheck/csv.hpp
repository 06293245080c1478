// credcheck/csv.hpp — writing CSV (RFC 4180) records, as every export and report of credcheck does.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <ostream>
#include <string>
#include <vector>

namespace credcheck {

/// One CSV record ending in CRLF: a field with a comma, quote, CR or LF, or a leading or trailing
/// space, is quoted (quotes doubled).
void write_csv_row(std::ostream& out, const std::vector<std::string>& fields);

} // namespace credcheck
