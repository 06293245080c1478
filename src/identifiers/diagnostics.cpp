#include "identifiers/diagnostics.hpp"

#include <fmt/format.h>

namespace credcheck::detail {

namespace {
/// Length in bytes of the character at the front of `text` (1 for a malformed byte).
std::size_t character_length(std::string_view text) noexcept {
    const auto b0 = static_cast<unsigned char>(text[0]);
    std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 1;
    if (len > text.size()) return 1;
    for (std::size_t i = 1; i < len; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return 1;
    return len;
}
} // namespace

std::vector<std::string_view> characters(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const std::size_t len = character_length(text);
        out.push_back(text.substr(0, len));
        text.remove_prefix(len);
    }
    return out;
}

std::size_t count_characters(std::string_view text) noexcept {
    std::size_t n = 0;
    while (!text.empty()) {
        text.remove_prefix(character_length(text));
        ++n;
    }
    return n;
}

std::string describe_character(std::string_view c) {
    if (c.size() == 1) {
        const auto b = static_cast<unsigned char>(c[0]);
        if (b >= 0x80) return fmt::format("byte 0x{:02X} (not UTF-8)", b);
        if (b < 0x20 || b == 0x7F) return fmt::format("control character 0x{:02X}", b);
        if (b >= 'a' && b <= 'z') return fmt::format("'{}' (lower case; normalisation would upper-case it)", c);
        if (b == ' ' || b == '-') return fmt::format("'{}' (normalisation would drop it)", c);
        return fmt::format("'{}'", c);
    }
    if (c.size() == 3 && static_cast<unsigned char>(c[0]) == 0xEF) {
        const unsigned cp = ((static_cast<unsigned char>(c[0]) & 0x0Fu) << 12) |
                            ((static_cast<unsigned char>(c[1]) & 0x3Fu) << 6) | (static_cast<unsigned char>(c[2]) & 0x3Fu);
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            return fmt::format("full-width '{}' (normalisation would fold it to '{}')", c, static_cast<char>(cp - 0xFEE0));
    }
    return fmt::format("'{}'", c);
}

std::optional<IdentifierError> check_length(std::string_view text, std::size_t expected, std::string_view what) {
    const std::size_t n = count_characters(text);
    if (n == expected) return std::nullopt;
    return IdentifierError{0, fmt::format("{} has {} character{}, expected {}", what, n, n == 1 ? "" : "s", expected)};
}

} // namespace credcheck::detail
