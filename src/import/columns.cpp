#include "import/columns.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <unordered_map>

#include "credcheck/error.hpp"
#include "util/embedded.hpp"
#include "util/tsv.hpp"

namespace credcheck::import {

namespace {

struct KindColumns {
    std::vector<ColumnDef> columns;
    std::vector<std::string> ignored;
};

std::vector<std::string> split_aliases(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto bar = text.find('|');
        out.emplace_back(text.substr(0, bar));
        if (bar == std::string_view::npos) break;
        text.remove_prefix(bar + 1);
    }
    return out;
}

const std::array<KindColumns, 5>& all_columns() {
    static const auto table = [] {
        std::array<KindColumns, 5> t;
        tsv::for_each_row(embedded::import_columns_tsv, [&](const auto& f, std::size_t) {
            const auto kind = parse_import_kind(f[0]);
            if (!kind || f.size() < 3) return;
            auto& k = t[static_cast<std::size_t>(*kind)];
            if (f[1] == "-") {
                for (auto& title : split_aliases(f[2])) k.ignored.push_back(std::move(title));
                return;
            }
            k.columns.push_back(ColumnDef{std::string(f[1]), split_aliases(f[2]), f.size() > 3 && f[3] == "yes"});
        });
        return t;
    }();
    return table;
}

} // namespace

const std::vector<ColumnDef>& columns_for(ImportKind kind) { return all_columns()[static_cast<std::size_t>(kind)].columns; }
const std::vector<std::string>& ignored_titles_for(ImportKind kind) { return all_columns()[static_cast<std::size_t>(kind)].ignored; }

ColumnMap::ColumnMap(ImportKind kind, const std::vector<std::string>& header, std::string_view file_name) : kind_(kind) {
    const auto& defs = columns_for(kind);
    const auto& ignored = ignored_titles_for(kind);
    source_.assign(defs.size(), npos);
    titles_.resize(defs.size());
    for (std::size_t i = 0; i < defs.size(); ++i) titles_[i] = defs[i].canonical;

    std::unordered_map<std::string_view, std::size_t> by_title;
    for (std::size_t i = 0; i < defs.size(); ++i) {
        by_title.emplace(defs[i].canonical, i);
        for (const auto& alias : defs[i].aliases) by_title.emplace(alias, i);
    }
    std::vector<std::string> unknown;
    for (std::size_t col = 0; col < header.size(); ++col) {
        const std::string& title = header[col];
        const auto it = by_title.find(title);
        if (it == by_title.end()) {
            if (title != kRejectReasonColumn && std::find(ignored.begin(), ignored.end(), title) == ignored.end())
                unknown.push_back(title);
            continue;
        }
        if (source_[it->second] != npos)
            throw Error(Status::invalid_argument,
                        fmt::format("{}: columns '{}' and '{}' both give {}", file_name, header[source_[it->second]], title,
                                    defs[it->second].canonical));
        source_[it->second] = col;
        titles_[it->second] = title;
    }
    if (!unknown.empty()) {
        std::string expected;
        for (const auto& d : defs) expected += (expected.empty() ? "" : ", ") + d.canonical;
        throw Error(Status::invalid_argument,
                    fmt::format("{}: unknown column{} '{}' for {} (expected {}, or the 双公示 titles and codes)", file_name,
                                unknown.size() > 1 ? "s" : "", fmt::join(unknown, "', '"), to_string(kind), expected));
    }
    for (std::size_t i = 0; i < defs.size(); ++i) {
        if (!defs[i].required || source_[i] != npos) continue;
        throw Error(Status::invalid_argument,
                    fmt::format("{}: missing required column {}{}", file_name, defs[i].canonical,
                                defs[i].aliases.empty() ? "" : fmt::format(" (or {})", fmt::join(defs[i].aliases, ", "))));
    }
}

std::size_t ColumnMap::canonical_index(std::string_view canonical) const noexcept {
    const auto& defs = columns_for(kind_);
    for (std::size_t i = 0; i < defs.size(); ++i)
        if (defs[i].canonical == canonical) return i;
    return npos;
}

} // namespace credcheck::import
