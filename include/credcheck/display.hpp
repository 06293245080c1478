// credcheck/display.hpp — showing stored text on a terminal or in a log line. Free text (an officer's
// name, a reason, the facts of a penalty) is stored exactly as given; shown, it must not be able to
// forge output: a newline in an officer name would otherwise print as a second, made-up line of
// `credcheck audit show`.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <string>
#include <string_view>

namespace credcheck {

/// `text` with every character that could break or fake a line escaped: control characters as
/// `\n`, `\r`, `\t` or `\xHH`, backslash as `\\`, and the Unicode line and paragraph separators,
/// C1 controls and bidirectional overrides as `\u{XXXX}`; a byte that is not UTF-8 as `\xHH`. Every
/// other character, Chinese included, is kept.
std::string display_text(std::string_view text);

} // namespace credcheck
