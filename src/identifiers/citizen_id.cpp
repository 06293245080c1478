#include "credcheck/citizen_id.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "identifiers/code_tables.hpp"
#include "identifiers/diagnostics.hpp"

namespace credcheck {
using namespace detail;

namespace {

constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";
constexpr int kEarliestBirthYear = 1800;

int digits(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

/// The birth date at `yyyymmdd`, or an error naming positions `first`…`first + 7`.
Parsed<Date> parse_birth_date(std::string_view yyyymmdd, std::size_t first, Date not_after) {
    const auto date = Date::from_ymd(digits(yyyymmdd.substr(0, 4)), static_cast<unsigned>(digits(yyyymmdd.substr(4, 2))),
                                     static_cast<unsigned>(digits(yyyymmdd.substr(6, 2))));
    if (!date)
        return IdentifierError{first, fmt::format("positions {}-{}: birth date {} is not a calendar date", first, first + 7, yyyymmdd)};
    if (date->year() < kEarliestBirthYear)
        return IdentifierError{first, fmt::format("positions {}-{}: birth date {} is before {}", first, first + 7, date->iso(),
                                                  kEarliestBirthYear)};
    if (*date > not_after)
        return IdentifierError{first, fmt::format("positions {}-{}: birth date {} is after {}", first, first + 7, date->iso(),
                                                  not_after.iso())};
    return *date;
}

} // namespace

CitizenId::CitizenId(std::string_view eighteen, Date birth, bool upgraded) noexcept
    : birth_date_(birth), upgraded_(upgraded) {
    std::copy_n(eighteen.data(), 18, chars_.data());
}

char CitizenId::compute_check_character(std::string_view first17) noexcept {
    if (first17.size() != 17 || !std::all_of(first17.begin(), first17.end(), is_digit)) return '\0';
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
    return kCheckCharacters[static_cast<std::size_t>(sum % 11)];
}

Parsed<CitizenId> CitizenId::parse(std::string_view text, const CitizenIdOptions& options) {
    std::string normalized;
    if (options.normalization == Normalization::lenient) {
        normalized = normalize_code(text);
        text = normalized;
    }
    const Date not_after = options.born_not_after.value_or(Date::today());
    const std::size_t length = count_characters(text);
    if (length == 15 && options.accept_legacy_15) {
        if (auto e = first_disallowed(text, "is not a digit", [](std::size_t, char c) { return is_digit(c); })) return *std::move(e);
        std::string upgraded = std::string(text.substr(0, 6)) + "19" + std::string(text.substr(6));
        auto born = parse_birth_date(std::string_view(upgraded).substr(6, 8), 7, not_after);
        if (!born) {
            // Name the legacy positions (7-12, two-digit year) rather than the upgraded ones.
            return IdentifierError{7, fmt::format("positions 7-12: birth date 19{} of a 15-digit number is not valid ({})",
                                                  text.substr(6, 6), born.error().message)};
        }
        upgraded.push_back(compute_check_character(upgraded));
        return CitizenId(upgraded, *born, true);
    }
    if (auto e = check_length(text, 18, options.accept_legacy_15 ? "a citizen ID number (or its legacy 15-digit form)"
                                                                 : "a citizen ID number"))
        return *std::move(e);
    if (auto e = first_disallowed(text, "is not allowed: 17 digits and a check character 0-9 or X",
                                  [](std::size_t i, char c) { return is_digit(c) || (i == 17 && c == 'X'); }))
        return *std::move(e);
    auto born = parse_birth_date(text.substr(6, 8), 7, not_after);
    if (!born) return born.error();
    const char expected = compute_check_character(text.substr(0, 17));
    if (text[17] != expected)
        return IdentifierError{18, fmt::format("check character is '{}', expected '{}'", text[17], expected)};
    return CitizenId(text, *born, false);
}

std::string CitizenId::masked() const { return mask_personal_id(str()); }

std::string mask_personal_id(std::string_view id) {
    const bool all_digits_but_last = id.size() >= 15 && std::all_of(id.begin(), id.end() - 1, is_digit) &&
                                     (is_digit(id.back()) || id.back() == 'X' || id.back() == 'x');
    if (id.size() == 18 && all_digits_but_last)
        return std::string(id.substr(0, 6)) + "********" + std::string(id.substr(14));
    if (id.size() == 15 && all_digits_but_last)
        return std::string(id.substr(0, 6)) + "******" + std::string(id.substr(12));
    return std::string(id);
}

} // namespace credcheck
