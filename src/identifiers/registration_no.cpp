#include "credcheck/registration_no.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "identifiers/code_tables.hpp"
#include "identifiers/diagnostics.hpp"

namespace credcheck {
using namespace detail;

RegistrationNo::RegistrationNo(std::string_view fifteen) noexcept { std::copy_n(fifteen.data(), 15, chars_.data()); }

char RegistrationNo::compute_check_digit(std::string_view first14) noexcept {
    if (first14.size() != 14 || !std::all_of(first14.begin(), first14.end(), is_digit)) return '\0';
    int p = 10; // ISO 7064 MOD 11,10
    for (char c : first14) {
        int s = (p + (c - '0')) % 10;
        if (s == 0) s = 10;
        p = (2 * s) % 11;
    }
    return static_cast<char>('0' + (11 - p) % 10);
}

Parsed<RegistrationNo> RegistrationNo::parse(std::string_view text, Normalization normalization) {
    std::string normalized;
    if (normalization == Normalization::lenient) {
        normalized = normalize_code(text);
        text = normalized;
    }
    if (auto e = check_length(text, 15, "a registration number")) return *std::move(e);
    if (auto e = first_disallowed(text, "is not a digit", [](std::size_t, char c) { return is_digit(c); })) return *std::move(e);
    const char expected = compute_check_digit(text.substr(0, 14));
    if (text[14] != expected)
        return IdentifierError{15, fmt::format("check digit is '{}', expected '{}'", text[14], expected)};
    return RegistrationNo(text);
}

} // namespace credcheck
