// Character value tables of GB 32100 and GB 11714, shared by the USCC and organisation-code parsers.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <array>
#include <cstdint>
#include <string_view>

namespace credcheck::detail {

inline constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
inline constexpr std::array<int, 17> kUsccWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
inline constexpr std::array<int, 8> kOrgCodeWeights = {3, 7, 9, 10, 5, 8, 4, 2};

/// value of a byte in the USCC alphabet, or -1.
inline constexpr std::array<std::int8_t, 256> kUsccValue = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    for (std::size_t i = 0; i < kUsccAlphabet.size(); ++i) t[static_cast<unsigned char>(kUsccAlphabet[i])] = static_cast<std::int8_t>(i);
    return t;
}();

/// value of a byte in the organisation-code body alphabet (0-9 → 0-9, A-Z → 10-35), or -1.
inline constexpr std::array<std::int8_t, 256> kOrgValue = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 10; ++i) t[static_cast<unsigned char>('0' + i)] = static_cast<std::int8_t>(i);
    for (int i = 0; i < 26; ++i) t[static_cast<unsigned char>('A' + i)] = static_cast<std::int8_t>(10 + i);
    return t;
}();

inline int uscc_value(char c) noexcept { return kUsccValue[static_cast<unsigned char>(c)]; }
inline int org_value(char c) noexcept { return kOrgValue[static_cast<unsigned char>(c)]; }
inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// GB 11714 check character of an 8-character body known to be valid.
inline char org_check_for_valid_body(const char* body) noexcept {
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += org_value(body[i]) * kOrgCodeWeights[static_cast<std::size_t>(i)];
    const int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

} // namespace credcheck::detail
