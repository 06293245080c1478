#include "credcheck/csv.hpp"

namespace credcheck {

void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out.put(',');
        const std::string& f = fields[i];
        const bool quote = f.find_first_of(",\"\r\n") != std::string::npos || (!f.empty() && (f.front() == ' ' || f.back() == ' '));
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

} // namespace credcheck
