#include "import/columns.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <unordered_map>

#include "credcheck/error.hpp"
#include "util/embedded.hpp"
#include "util/tsv.hpp"
#include "import/header_finder.hpp"
#include "import/profiles.hpp"

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
            k.columns.push_back(ColumnDef{std::string(f[1]), split_aliases(f[2]), f.size() > 3 && f[3] == "yes", f.size() > 4 && f[4] == "import-only"});
        });
        return t;
    }();
    return table;
}

} // namespace

const std::vector<ColumnDef>& columns_for(ImportKind kind) { return all_columns()[static_cast<std::size_t>(kind)].columns; }
const std::vector<std::string>& ignored_titles_for(ImportKind kind) { return all_columns()[static_cast<std::size_t>(kind)].ignored; }

namespace {

/// The canonical index a title (by key) gives, or ignored (npos - 1), or unknown (npos).
constexpr std::size_t kIgnored = ColumnMap::npos - 1;

std::size_t lookup(ImportKind kind, const Profile* profile, const std::string& key) {
    if (profile) {
        for (const auto& [title, column] : profile->titles) {
            if (title_key(title) != key) continue;
            if (column == "-") return kIgnored;
            const auto& defs = columns_for(kind);
            for (std::size_t i = 0; i < defs.size(); ++i)
                if (defs[i].canonical == column) return i;
        }
    }
    const auto& defs = columns_for(kind);
    for (std::size_t i = 0; i < defs.size(); ++i) {
        if (title_key(defs[i].canonical) == key) return i;
        for (const auto& alias : defs[i].aliases)
            if (title_key(alias) == key) return i;
    }
    if (key == kRejectReasonColumn) return kIgnored;
    for (const auto& title : ignored_titles_for(kind))
        if (title_key(title) == key) return kIgnored;
    return ColumnMap::npos;
}

} // namespace

bool ColumnMap::recognises(ImportKind kind, const Profile* profile, const std::string& key) { return lookup(kind, profile, key) != npos; }

ColumnMap::ColumnMap(ImportKind kind, const std::vector<std::string>& header, std::string_view file_name, const Profile* profile, bool tolerate)
    : kind_(kind) {
    const auto& defs = columns_for(kind);
    source_.assign(defs.size(), npos);
    constants_.assign(defs.size(), std::nullopt);
    titles_.resize(defs.size());
    for (std::size_t i = 0; i < defs.size(); ++i) titles_[i] = defs[i].canonical;
    uses_.assign(header.size(), ColumnUse::unknown);
    canonical_of_.assign(header.size(), std::string());
    const auto refuse = [&](std::string message) {
        if (!tolerate) throw Error(Status::invalid_argument, std::move(message));
        problems_.push_back(std::move(message));
    };

    std::vector<std::string> unknown;
    for (std::size_t col = 0; col < header.size(); ++col) {
        const std::string& title = header[col];
        if (title.empty()) {
            uses_[col] = ColumnUse::untitled; // the reader refuses a value under no title
            continue;
        }
        const std::size_t found = lookup(kind, profile, title_key(title));
        if (found == npos) {
            unknown.push_back(title);
            continue;
        }
        if (found == kIgnored) {
            uses_[col] = ColumnUse::ignored;
            continue;
        }
        uses_[col] = ColumnUse::mapped;
        canonical_of_[col] = defs[found].canonical;
        if (source_[found] != npos) {
            refuse(fmt::format("{}: columns '{}' and '{}' both give {}", file_name, header[source_[found]], title, defs[found].canonical));
            continue;
        }
        source_[found] = col;
        titles_[found] = title;
    }
    if (profile) {
        for (const auto& [column, value] : profile->constants) {
            const std::size_t i = canonical_index(column);
            if (i == npos) continue; // parse_profile checked the columns of the profile's kind
            if (source_[i] != npos) {
                refuse(fmt::format("{}: column {} is given by the file ('{}') and as a constant ({})", file_name, column, header[source_[i]], value));
                continue;
            }
            constants_[i] = value;
            titles_[i] = fmt::format("{} (constant)", column);
        }
    }
    if (!unknown.empty()) {
        std::string expected;
        for (const auto& d : defs) expected += (expected.empty() ? "" : ", ") + d.canonical;
        refuse(fmt::format("{}: unknown column{} '{}' for {} (expected {}, or the 双公示 titles and codes; a department's own titles "
                           "are mapped with --profile, and a column to leave out with TITLE -> - in it)",
                           file_name, unknown.size() > 1 ? "s" : "", fmt::join(unknown, "', '"), to_string(kind), expected));
    }
    for (std::size_t i = 0; i < defs.size(); ++i) {
        if (!defs[i].required || source_[i] != npos || constants_[i]) continue;
        refuse(fmt::format("{}: missing required column {}{}; or give every row its value with --set {}=VALUE (a profile: {} = VALUE)", file_name,
                           defs[i].canonical, defs[i].aliases.empty() ? "" : fmt::format(" (or {})", fmt::join(defs[i].aliases, ", ")),
                           defs[i].canonical, defs[i].canonical));
    }
}

std::size_t ColumnMap::canonical_index(std::string_view canonical) const noexcept {
    const auto& defs = columns_for(kind_);
    for (std::size_t i = 0; i < defs.size(); ++i)
        if (defs[i].canonical == canonical) return i;
    return npos;
}

} // namespace credcheck::import
