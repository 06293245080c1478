// Trimming text as it comes in files: the one definition of what surrounds a value without being part
// of it.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <string_view>

namespace credcheck {

/// `s` without the spaces, tabs, line breaks and ideographic spaces (U+3000, 全角空格) around it.
constexpr std::string_view trim(std::string_view s) noexcept {
    constexpr std::string_view ideographic_space = "\xE3\x80\x80";
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    for (;;) {
        if (!s.empty() && blank(s.front())) s.remove_prefix(1);
        else if (s.starts_with(ideographic_space)) s.remove_prefix(ideographic_space.size());
        else break;
    }
    for (;;) {
        if (!s.empty() && blank(s.back())) s.remove_suffix(1);
        else if (s.ends_with(ideographic_space)) s.remove_suffix(ideographic_space.size());
        else break;
    }
    return s;
}

} // namespace credcheck
