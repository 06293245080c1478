// Shared wording for identifier diagnostics, used only on failure paths.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/parsed.hpp"

namespace credcheck::detail {

/// The characters (UTF-8 code points) of `text`; a malformed byte stands alone.
std::vector<std::string_view> characters(std::string_view text);

/// How many characters characters() would return, without allocating: every parse asks this.
std::size_t count_characters(std::string_view text) noexcept;

/// How to name one character in a message, with a hint when normalisation would fix it:
/// "'a' (lower case; normalisation would upper-case it)", "full-width '９' (…)", "byte 0xFF".
std::string describe_character(std::string_view character);

/// "has 17 characters, expected 18" as an error at position 0, or nullopt when the count is right.
std::optional<IdentifierError> check_length(std::string_view text, std::size_t expected, std::string_view what);

/// Position (1-based, in characters) and text of the first character of `text` for which `allowed`
/// is false, described; nullopt when every character is allowed. `allowed(index, byte)` sees ASCII
/// bytes only: any non-ASCII character is never allowed.
template <class Allowed>
std::optional<IdentifierError> first_disallowed(std::string_view text, std::string_view rule, Allowed&& allowed) {
    // The common case, all ASCII and allowed, must not allocate: every parse of every code runs this.
    std::size_t i = 0;
    while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80 && allowed(i, text[i])) ++i;
    if (i == text.size()) return std::nullopt;
    const auto chars = characters(text);
    for (std::size_t k = 0; k < chars.size(); ++k) {
        const std::string_view c = chars[k];
        if (c.size() == 1 && static_cast<unsigned char>(c[0]) < 0x80 && allowed(k, c[0])) continue;
        return IdentifierError{k + 1, "position " + std::to_string(k + 1) + ": " + describe_character(c) + " " + std::string(rule)};
    }
    return std::nullopt;
}

} // namespace credcheck::detail
