// Writing JSON Lines rows (and CSV, credcheck/csv.hpp), for exports and rejects files.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "credcheck/csv.hpp"

namespace credcheck::import {

using credcheck::write_csv_row; // credcheck/csv.hpp

/// One JSON Lines record with `names` as keys, every value a string.
inline void write_jsonl_row(std::ostream& out, const std::vector<std::string>& names, const std::vector<std::string>& fields) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < names.size() && i < fields.size(); ++i) row[names[i]] = fields[i];
    out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace credcheck::import
