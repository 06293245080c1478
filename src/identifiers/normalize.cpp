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

bool is_space(std::uint32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 /* ideographic space */ || cp == 0x00A0 ||
           cp == 0xFEFF /* stray byte-order mark */;
}

bool is_hyphen(std::uint32_t cp) {
    return cp == '-' || cp == 0xFF0D /* full-width hyphen */ || cp == 0x2010 || cp == 0x2011 || cp == 0x2013 || cp == 0x2014;
}

std::size_t utf8_length(std::uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

/// What first_code_point and last_code_point give for a byte that starts or ends no UTF-8 sequence: no
/// character (not the byte's value, which could pass for U+0080..U+00FF — 0xA0 for a no-break space —
/// and then be removed as a character of two bytes).
constexpr std::uint32_t kMalformed = 0x110000;

/// The first character of `text` (0 when empty, kMalformed for a malformed byte).
std::uint32_t first_code_point(std::string_view text) {
    if (text.empty()) return 0;
    std::string_view raw;
    const std::uint32_t cp = next_code_point(text, raw);
    return raw.size() == 1 && cp >= 0x80 ? kMalformed : cp;
}

/// The last character of `text` (0 when empty, kMalformed for a malformed byte) and its length in bytes.
std::uint32_t last_code_point(std::string_view text, std::size_t& bytes) {
    bytes = 0;
    if (text.empty()) return 0;
    std::size_t start = text.size() - 1;
    while (start > 0 && text.size() - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    std::string_view tail = text.substr(start), raw;
    const std::uint32_t cp = next_code_point(tail, raw);
    if (!tail.empty() || (raw.size() == 1 && cp >= 0x80)) { // a malformed tail
        bytes = 1;
        return kMalformed;
    }
    bytes = raw.size();
    return cp;
}

/// The quote closing an opening one, or 0 when `open` opens none.
std::uint32_t closing_quote(std::uint32_t open) {
    switch (open) {
    case '"': return '"';
    case 0xFF02: return 0xFF02;   // ＂
    case '\'': return '\'';
    case 0x201C: return 0x201D;   // “ ”
    case 0x2018: return 0x2019;   // ‘ ’
    case 0x300C: return 0x300D;   // 「 」
    case 0x300E: return 0x300F;   // 『 』
    default: return 0;
    }
}

/// `text` without the spaces around it.
std::string_view trimmed(std::string_view text, CodeChanges& changes) {
    for (;;) {
        std::size_t bytes = 0;
        const std::uint32_t first = first_code_point(text);
        if (!text.empty() && is_space(first)) {
            text.remove_prefix(utf8_length(first));
            changes = changes | CodeChanges::spaces;
        } else if (!text.empty() && is_space(last_code_point(text, bytes))) {
            text.remove_suffix(bytes);
            changes = changes | CodeChanges::spaces;
        } else {
            return text;
        }
    }
}

} // namespace

NormalizedCode normalize_code_reporting(std::string_view text) {
    NormalizedCode result;
    text = trimmed(text, result.changes);
    // Each character: spaces and hyphens dropped, full-width ASCII folded, letters upper-cased.
    std::string folded;
    folded.reserve(text.size());
    while (!text.empty()) {
        std::string_view raw;
        std::uint32_t cp = next_code_point(text, raw);
        if (raw.size() == 1 && cp >= 0x80) { // a malformed byte, kept for the parser to report
            folded.append(raw);
            continue;
        }
        if (is_space(cp)) {
            result.changes = result.changes | CodeChanges::spaces;
            continue;
        }
        if (is_hyphen(cp)) {
            result.changes = result.changes | CodeChanges::hyphens;
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E && cp != 0xFF07 && cp != 0xFF02) { // full-width ASCII (its quotes: below)
            cp -= 0xFEE0;
            result.changes = result.changes | CodeChanges::full_width;
        }
        if (cp < 0x80) {
            char c = static_cast<char>(cp);
            if (c >= 'a' && c <= 'z') {
                c = static_cast<char>(c - 'a' + 'A');
                result.changes = result.changes | CodeChanges::lower_case;
            }
            folded.push_back(c);
        } else {
            folded.append(raw);
        }
    }
    // Then, on what is left (so that normalising twice changes nothing more): quotes around the whole
    // code and the apostrophe Excel keeps before a number stored as text, as often as they come.
    std::string_view code = folded;
    for (;;) {
        const std::uint32_t open = first_code_point(code);
        std::size_t last_bytes = 0;
        if (closing_quote(open) != 0 && code.size() > utf8_length(open) && last_code_point(code, last_bytes) == closing_quote(open)) {
            code = code.substr(utf8_length(open), code.size() - utf8_length(open) - last_bytes);
            result.changes = result.changes | CodeChanges::quotes;
        } else if (open == '\'' || open == 0xFF07 || open == 0x2018) {
            code.remove_prefix(utf8_length(open));
            result.changes = result.changes | CodeChanges::apostrophe;
        } else {
            break;
        }
    }
    if (code.size() == folded.size()) result.text = std::move(folded); // nothing taken off: no copy (the check's path)
    else result.text = std::string(code);
    return result;
}

std::string normalize_code(std::string_view text) { return normalize_code_reporting(text).text; }

std::string describe_changes(CodeChanges changes) {
    std::string out;
    const auto add = [&](CodeChanges bit, std::string_view words) {
        if (has(changes, bit)) out += (out.empty() ? "" : ", ") + std::string(words);
    };
    add(CodeChanges::spaces, "removed spaces");
    add(CodeChanges::hyphens, "removed hyphens");
    add(CodeChanges::full_width, "folded full-width characters");
    add(CodeChanges::lower_case, "upper-cased letters");
    add(CodeChanges::apostrophe, "removed Excel's leading apostrophe");
    add(CodeChanges::quotes, "removed the quotes around it");
    return out;
}

} // namespace credcheck
