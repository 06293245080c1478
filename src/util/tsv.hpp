// Reads the tab-separated data files credcheck ships: one record a line, `#` starts a comment line.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <cstddef>
#include <string_view>
#include <vector>

namespace credcheck::tsv {

/// Calls `on_row(fields, line_number)` for every non-empty, non-comment line of `text`.
template <class OnRow>
void for_each_row(std::string_view text, OnRow&& on_row) {
    std::vector<std::string_view> fields;
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        fields.clear();
        for (std::size_t start = 0;;) {
            const std::size_t tab = line.find('\t', start);
            fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
            if (tab == std::string_view::npos) break;
            start = tab + 1;
        }
        on_row(fields, line_number);
    }
}

} // namespace credcheck::tsv
