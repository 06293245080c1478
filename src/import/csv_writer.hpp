// Writing CSV (RFC 4180) and JSON Lines rows, for exports and rejects files.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace credcheck::import {

/// One CSV record: fields with a comma, quote, CR or LF, or leading/trailing space, are quoted.
inline void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out.put(',');
        const std::string& f = fields[i];
        const bool quote = f.find_first_of(",\"\r\n") != std::string::npos ||
                           (!f.empty() && (f.front() == ' ' || f.back() == ' '));
        if (!quote) {
            out << f;
            continue;
        }
        out.put('"');
        for (char c : f) {
            if (c == '"') out.put('"');
            out.put(c);
        }
        out.put('"');
    }
    out << "\r\n";
}

/// One JSON Lines record with `names` as keys, every value a string.
inline void write_jsonl_row(std::ostream& out, const std::vector<std::string>& names, const std::vector<std::string>& fields) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < names.size() && i < fields.size(); ++i) row[names[i]] = fields[i];
    out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

} // namespace credcheck::import
