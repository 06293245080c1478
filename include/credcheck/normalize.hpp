// credcheck/normalize.hpp — the explicit clean-up applied to codes typed or exported by people.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <string>
#include <string_view>

namespace credcheck {

/// How much clean-up a parser applies before checking a code.
enum class Normalization {
    none,    // the text must already be canonical: upper-case ASCII, no separators
    lenient, // normalize_code() first (see below)
};

/// Trims, drops spaces (ASCII and U+3000), hyphens and full-width hyphens, folds full-width ASCII
/// (U+FF01–U+FF5E) to ASCII, and upper-cases ASCII letters. Nothing else changes: a code with a
/// letter O in place of a zero stays wrong.
std::string normalize_code(std::string_view text);

} // namespace credcheck
