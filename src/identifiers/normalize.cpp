#include "credcheck/normalize.hpp"

#include <cstdint>

namespace credcheck {

namespace {

/// Decodes one UTF-8 sequence at the front of `s`; on a malformed byte returns it as is (0x80..0xFF)
/// so that the caller keeps it and the parser reports it.
std::uint32_t next_code_point(std::string_view& s, std::string_view& raw) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || len > s.size()) {
        raw = s.substr(0, 1);
        s.remove_prefix(1);
        return b0;
    }
    std::uint32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (std::size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80) {
            raw = s.substr(0, 1);
            s.remove_prefix(1);
            return b0;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    raw = s.substr(0, len);
    s.remove_prefix(len);
    return cp;
}

bool is_dropped(std::uint32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '-' || cp == 0x3000 /* ideographic space */
           || cp == 0xFF0D /* full-width hyphen */ || cp == 0x2010 || cp == 0x2011 || cp == 0x2013 || cp == 0x2014
           || cp == 0x00A0 || cp == 0xFEFF /* stray byte-order mark */;
}

} // namespace

std::string normalize_code(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        std::string_view raw;
        std::uint32_t cp = next_code_point(text, raw);
        if (is_dropped(cp)) continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; // full-width ASCII
        if (cp < 0x80) {
            char c = static_cast<char>(cp);
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            out.push_back(c);
        } else {
            out.append(raw);
        }
    }
    return out;
}

} // namespace credcheck
