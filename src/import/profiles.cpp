#include "import/profiles.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "credcheck/error.hpp"
#include "import/columns.hpp"
#include "import/header_finder.hpp"

namespace credcheck::embedded {
extern const std::string_view profile_tax_a_grade;
extern const std::string_view profile_court_dishonest;
extern const std::string_view profile_shuanggongshi_penalties;
extern const std::string_view profile_shuanggongshi_licenses;
} // namespace credcheck::embedded

namespace credcheck::import {

namespace {

std::string_view trimmed(std::string_view s) {
    constexpr std::string_view ideographic = "\xE3\x80\x80";
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
        else if (s.starts_with(ideographic)) s.remove_prefix(ideographic.size());
        else if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
        else if (s.ends_with(ideographic)) s.remove_suffix(ideographic.size());
        else return s;
    }
}

bool is_column_of(ImportKind kind, std::string_view column) {
    const auto& defs = columns_for(kind);
    return std::any_of(defs.begin(), defs.end(), [&](const ColumnDef& d) { return d.canonical == column; });
}

std::string columns_of(ImportKind kind) {
    std::string out;
    for (const auto& d : columns_for(kind)) out += (out.empty() ? "" : ", ") + d.canonical;
    return out;
}

void add_constant_checked(Profile& p, std::string_view column, std::string_view value, const std::string& where) {
    if (!is_column_of(p.kind, column))
        throw Error(Status::invalid_argument,
                    fmt::format("{}: '{}' is not a column of {} (expected one of {})", where, column, to_string(p.kind), columns_of(p.kind)));
    for (const auto& [c, v] : p.constants)
        if (c == column) throw Error(Status::invalid_argument, fmt::format("{}: column {} is given a value twice", where, column));
    if (value.empty()) throw Error(Status::invalid_argument, fmt::format("{}: column {} is given no value", where, column));
    p.constants.emplace_back(std::string(column), std::string(value));
}

} // namespace

Profile parse_profile(std::string_view text, std::string name) {
    Profile p;
    p.name = std::move(name);
    std::optional<ImportKind> kind;
    struct Pending {
        std::size_t line;
        enum { title, constant } what;
        std::string left, right;
    };
    std::vector<Pending> statements;
    std::size_t number = 0;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    while (!text.empty()) {
        ++number;
        const auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        line = trimmed(line);
        if (line.empty() || line.starts_with('#')) continue;
        const std::string where = fmt::format("profile {} line {}", p.name, number);
        if (line.starts_with('@')) {
            const auto space = line.find_first_of(" \t");
            const std::string_view directive = line.substr(1, space == std::string_view::npos ? line.size() : space - 1);
            const std::string_view value = space == std::string_view::npos ? std::string_view() : trimmed(line.substr(space));
            if (directive == "kind") {
                kind = parse_import_kind(value);
                if (!kind) throw Error(Status::invalid_argument, fmt::format("{}: '{}' is not an import kind (subjects, relations, lists, licenses, penalties)", where, value));
            } else if (directive == "name") {
                p.description = std::string(value);
            } else if (directive == "admit_codes_failing_check_character") {
                p.admit_failed_check_character = true;
            } else {
                throw Error(Status::invalid_argument,
                            fmt::format("{}: unknown directive @{} (expected @kind, @name or @admit_codes_failing_check_character)", where, directive));
            }
            continue;
        }
        std::size_t arrow = line.find("->");
        std::size_t arrow_width = 2;
        if (arrow == std::string_view::npos) {
            arrow = line.find("→");
            arrow_width = std::string_view("→").size();
        }
        if (arrow != std::string_view::npos) {
            const auto title = trimmed(line.substr(0, arrow)), column = trimmed(line.substr(arrow + arrow_width));
            if (title.empty() || column.empty()) throw Error(Status::invalid_argument, fmt::format("{}: expected TITLE -> COLUMN", where));
            statements.push_back(Pending{number, Pending::title, std::string(title), std::string(column)});
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string_view::npos)
            throw Error(Status::invalid_argument, fmt::format("{}: expected TITLE -> COLUMN, COLUMN = VALUE, @kind or @name, found '{}'", where, line));
        statements.push_back(Pending{number, Pending::constant, std::string(trimmed(line.substr(0, equals))), std::string(trimmed(line.substr(equals + 1)))});
    }
    if (!kind) throw Error(Status::invalid_argument, fmt::format("profile {}: no @kind line (subjects, relations, lists, licenses or penalties)", p.name));
    p.kind = *kind;
    for (const auto& s : statements) {
        const std::string where = fmt::format("profile {} line {}", p.name, s.line);
        if (s.what == Pending::constant) {
            add_constant_checked(p, s.left, s.right, where);
            continue;
        }
        if (s.right != "-" && !is_column_of(p.kind, s.right))
            throw Error(Status::invalid_argument, fmt::format("{}: '{}' is not a column of {} (expected one of {}, or - to ignore the title)", where,
                                                              s.right, to_string(p.kind), columns_of(p.kind)));
        for (const auto& [title, column] : p.titles)
            if (title_key(title) == title_key(s.left))
                throw Error(Status::invalid_argument, fmt::format("{}: title '{}' is mapped twice", where, s.left));
        p.titles.emplace_back(s.left, s.right);
    }
    // A column both mapped from a title and given a value is refused by the import only when the file has
    // that title (import/columns.hpp): a profile may give a default for files without it.
    return p;
}

std::vector<std::pair<std::string, std::string_view>> builtin_profiles() {
    return {{"tax_a_grade", embedded::profile_tax_a_grade},
            {"court_dishonest", embedded::profile_court_dishonest},
            {"shuanggongshi_penalties", embedded::profile_shuanggongshi_penalties},
            {"shuanggongshi_licenses", embedded::profile_shuanggongshi_licenses}};
}

Profile load_profile(std::string_view name_or_path) {
    const bool path = name_or_path.find('/') != std::string_view::npos || name_or_path.ends_with(".profile");
    if (!path) {
        for (const auto& [name, text] : builtin_profiles())
            if (name == name_or_path) return parse_profile(text, name);
    }
    std::ifstream in{std::string(name_or_path), std::ios::binary};
    if (!in) {
        std::string names;
        for (const auto& [name, text] : builtin_profiles()) names += (names.empty() ? "" : ", ") + name;
        throw Error(Status::not_found, fmt::format("profile '{}' is neither a readable file nor a built-in profile ({})", name_or_path, names));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_profile(text.str(), std::string(name_or_path));
}

void add_constant(Profile& profile, std::string_view assignment) {
    const auto equals = assignment.find('=');
    if (equals == std::string_view::npos)
        throw Error(Status::invalid_argument, fmt::format("--set '{}': expected COLUMN=VALUE", assignment));
    const std::string_view column = trimmed(assignment.substr(0, equals));
    add_constant_checked(profile, column, trimmed(assignment.substr(equals + 1)), fmt::format("--set {}", assignment));
}

} // namespace credcheck::import
