// credcheck/normalize.hpp — the explicit clean-up applied to codes typed or exported by people.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <string>
#include <string_view>
#include <vector>

namespace credcheck {

/// How much clean-up a parser applies before checking a code.
enum class Normalization {
    none,    // the text must already be canonical: upper-case ASCII, no separators
    lenient, // normalize_code() first (see below)
};

/// Trims; drops the apostrophe Excel puts before a number kept as text ('9142…) and quotes around the
/// whole code ("…", “…”, ‘…’, 「…」); drops spaces (ASCII and U+3000), line breaks, hyphens and
/// full-width hyphens; folds full-width ASCII (U+FF01–U+FF5E) to ASCII; upper-cases ASCII letters.
/// Nothing else changes: a code with a letter O in place of a zero stays wrong.
std::string normalize_code(std::string_view text);

/// What normalize_code() changed, so that a report can say it (bits of a set).
enum class CodeChanges : unsigned {
    none = 0,
    spaces = 1 << 0,     // spaces, tabs or line breaks removed
    hyphens = 1 << 1,    // hyphens removed (the printed form of an organisation code keeps its own)
    full_width = 1 << 2, // full-width characters folded to ASCII
    lower_case = 1 << 3, // lower-case letters upper-cased
    apostrophe = 1 << 4, // Excel's leading apostrophe removed
    quotes = 1 << 5,     // quotes around the code removed
};
constexpr CodeChanges operator|(CodeChanges a, CodeChanges b) noexcept {
    return static_cast<CodeChanges>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr bool has(CodeChanges set, CodeChanges bit) noexcept { return (static_cast<unsigned>(set) & static_cast<unsigned>(bit)) != 0; }

struct NormalizedCode {
    std::string text;
    CodeChanges changes = CodeChanges::none;
};

/// normalize_code() and what it changed.
NormalizedCode normalize_code_reporting(std::string_view text);

/// The changes in words: "removed Excel's leading apostrophe", "folded full-width characters", … in bit order.
std::string describe_changes(CodeChanges changes);

} // namespace credcheck
