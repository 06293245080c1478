#include "credcheck/divisions.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "util/embedded.hpp"
#include "util/tsv.hpp"

namespace credcheck {

namespace {

struct Division {
    std::string_view name;
    bool in_full_name = true;
};

/// data/divisions.tsv, keyed by the six-digit code as a number.
const std::unordered_map<int, Division>& divisions() {
    static const auto table = [] {
        std::unordered_map<int, Division> t;
        tsv::for_each_row(embedded::divisions_tsv, [&](const auto& f, std::size_t) {
            int code = 0;
            if (f.size() < 2 || std::from_chars(f[0].data(), f[0].data() + f[0].size(), code).ec != std::errc{}) return;
            t[code] = Division{f[1], !(f.size() > 2 && f[2] == "no")};
        });
        return t;
    }();
    return table;
}

} // namespace

std::optional<std::string> division_name(std::string_view code) {
    if (code.size() != 6 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    if (code == "100000") return "国家级";
    int value = 0;
    std::from_chars(code.data(), code.data() + 6, value);
    const auto& table = divisions();
    const auto province = table.find(value / 10000 * 10000);
    if (province == table.end()) return std::nullopt;
    std::string name(province->second.name);
    auto append = [&](int level) {
        const auto it = table.find(level);
        if (it != table.end() && it->second.in_full_name) name += it->second.name;
    };
    const int prefecture = value / 100 * 100;
    if (prefecture != province->first) append(prefecture);
    if (value != prefecture) append(value);
    return name;
}

} // namespace credcheck
