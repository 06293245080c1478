#include "credcheck/org_code.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "credcheck/uscc.hpp"
#include "identifiers/code_tables.hpp"
#include "identifiers/diagnostics.hpp"

namespace credcheck {
using namespace detail;

OrgCode::OrgCode(std::string_view nine) noexcept { std::copy_n(nine.data(), 9, chars_.data()); }

char OrgCode::compute_check_character(std::string_view body) noexcept {
    if (body.size() != 8) return '\0';
    for (char c : body)
        if (org_value(c) < 0) return '\0';
    return org_check_for_valid_body(body.data());
}

Parsed<OrgCode> OrgCode::parse(std::string_view text, Normalization normalization) {
    std::string normalized;
    if (normalization == Normalization::lenient) {
        normalized = normalize_code(text);
        text = normalized;
    }
    std::string compact;
    if (text.size() == 10 && text[8] == '-') {
        compact.assign(text.substr(0, 8)).push_back(text[9]);
        text = compact;
    }
    if (auto e = check_length(text, 9, "an organisation code (without its hyphen)")) return *std::move(e);
    if (auto e = first_disallowed(text, "is not allowed: the body is 0-9 and A-Z, the check character 0-9 or X",
                                  [](std::size_t i, char c) { return i < 8 ? org_value(c) >= 0 : (is_digit(c) || c == 'X'); }))
        return *std::move(e);
    const char expected = org_check_for_valid_body(text.data());
    if (text[8] != expected)
        return IdentifierError{9, fmt::format("check character is '{}', expected '{}'", text[8], expected)};
    return OrgCode(text);
}

std::string OrgCode::display() const { return fmt::format("{}-{}", std::string_view(chars_.data(), 8), chars_[8]); }

Parsed<Uscc> OrgCode::to_uscc(char authority, char category, std::string_view division) const {
    if (uscc_category_name(authority, category).empty())
        return IdentifierError{0, fmt::format("registration authority '{}' with category '{}' is not a pair in use", authority, category)};
    if (division.size() != 6 || !std::all_of(division.begin(), division.end(), is_digit))
        return IdentifierError{0, fmt::format("division code '{}' is not six digits", division)};
    for (std::size_t i = 0; i < chars_.size(); ++i) {
        if (uscc_value(chars_[i]) < 0)
            return IdentifierError{i + 1, fmt::format("position {}: '{}' is outside the USCC alphabet (no I, O, Z, S, V): "
                                                      "this organisation code cannot be carried into a USCC unchanged",
                                                      i + 1, chars_[i])};
    }
    std::string code;
    code.reserve(18);
    code.push_back(authority);
    code.push_back(category);
    code.append(division).append(chars_.data(), chars_.size());
    code.push_back(Uscc::compute_check_character(code));
    return Uscc(code);
}

} // namespace credcheck
