#include "import/cell_values.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace credcheck::import {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A double holds at most about 309 integer digits and values down to about 1e-324: a stored number
// beyond these bounds is no number Excel wrote, and expanding it would only make a long string.
constexpr int kMaxIntegerDigits = 309;
constexpr int kMaxLeadingFractionZeros = 330;
// Excel shows (and its users see) 15 significant digits.
constexpr std::size_t kSignificantDigits = 15;

/// 1899-12-31, so that the 1900 system's serial 1 is 1900-01-01.
constexpr std::int32_t kDay1900 = -25568;
/// 1904-01-01, the 1904 system's serial 0.
constexpr std::int32_t kDay1904 = -24107;
constexpr double kMaxSerial1900 = 2958465; // 9999-12-31
constexpr double kMaxSerial1904 = kMaxSerial1900 - 1462;

} // namespace

std::optional<std::string> excel_number_text(std::string_view s) {
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    std::string digits;
    long point = 0; // the value is 0.d1d2d3… × 10^point once leading zeros are gone
    bool seen_point = false, seen_digit = false;
    while (!s.empty() && (is_digit(s.front()) || (s.front() == '.' && !seen_point))) {
        const char c = s.front();
        s.remove_prefix(1);
        if (c == '.') {
            seen_point = true;
            continue;
        }
        seen_digit = true;
        if (digits.empty() && c == '0') {
            if (seen_point) --point; // 0.00123: each zero after the point moves the value down
            continue;
        }
        digits.push_back(c);
        if (!seen_point) ++point;
        if (digits.size() > 400) return std::nullopt; // no number Excel stores has this many digits
    }
    if (!seen_digit) return std::nullopt;
    if (!s.empty() && (s.front() == 'e' || s.front() == 'E')) {
        s.remove_prefix(1);
        bool negative_exponent = false;
        if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
            negative_exponent = s.front() == '-';
            s.remove_prefix(1);
        }
        if (s.empty() || !is_digit(s.front())) return std::nullopt;
        long exponent = 0;
        while (!s.empty() && is_digit(s.front())) {
            exponent = exponent * 10 + (s.front() - '0');
            if (exponent > 100'000) return std::nullopt;
            s.remove_prefix(1);
        }
        point += negative_exponent ? -exponent : exponent;
    }
    if (!s.empty()) return std::nullopt;
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    if (digits.empty()) return std::string("0");
    if (digits.size() > kSignificantDigits) {
        const bool round_up = digits[kSignificantDigits] >= '5';
        digits.resize(kSignificantDigits);
        if (round_up) {
            std::size_t i = digits.size();
            while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
            if (i == 0) {
                digits.insert(digits.begin(), '1');
                ++point;
            } else {
                ++digits[i - 1];
            }
        }
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
    }
    if (point > kMaxIntegerDigits || point < -kMaxLeadingFractionZeros) return std::nullopt;
    std::string out = negative ? "-" : "";
    const auto count = static_cast<long>(digits.size());
    if (point <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-point), '0');
        out += digits;
    } else if (point >= count) {
        out += digits;
        out.append(static_cast<std::size_t>(point - count), '0');
    } else {
        out.append(digits, 0, static_cast<std::size_t>(point));
        out += '.';
        out.append(digits, static_cast<std::size_t>(point));
    }
    return out;
}

std::optional<Date> serial_date(double serial, DateSystem system) noexcept {
    if (!std::isfinite(serial) || serial < 0) return std::nullopt;
    const double whole = std::floor(serial);
    if (system == DateSystem::excel_1904) {
        if (whole > kMaxSerial1904) return std::nullopt;
        return Date::from_days(kDay1904 + static_cast<std::int32_t>(whole));
    }
    if (whole > kMaxSerial1900 || whole == 0 || whole == 60) return std::nullopt;
    // Lotus 1-2-3 counted 1900 as a leap year and Excel keeps its day 60 (1900-02-29): from day 61 on,
    // serials are one ahead of the days since 1899-12-31.
    return Date::from_days(kDay1900 + static_cast<std::int32_t>(whole) - (whole > 60 ? 1 : 0));
}

std::optional<std::string> serial_text(double serial, DateSystem system, DateCellStyle style) {
    if (!std::isfinite(serial) || serial < 0) return std::nullopt;
    const double limit = system == DateSystem::excel_1904 ? kMaxSerial1904 : kMaxSerial1900;
    if (serial >= limit + 1) return std::nullopt;
    double whole = std::floor(serial);
    auto seconds = static_cast<long>(std::llround((serial - whole) * 86400.0));
    if (seconds >= 86400) { // rounds up to midnight of the next day
        seconds -= 86400;
        whole += 1;
    }
    const std::string time = fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    if (style == DateCellStyle::time) return time;
    std::string date;
    if (system == DateSystem::excel_1900 && whole == 0) date = "1900-01-00"; // as Excel shows them: no dates
    else if (system == DateSystem::excel_1900 && whole == 60) date = "1900-02-29";
    else if (const auto d = serial_date(whole, system)) date = d->iso();
    else return std::nullopt;
    if (style == DateCellStyle::date_time || seconds != 0) date += " " + time;
    return date;
}

std::optional<Date> parse_cell_date(std::string_view text, DateSystem system) noexcept {
    if (auto date = Date::parse(text)) return date;
    // An Excel serial: five digits (1927-05-18 … 2173-10-14 in the 1900 system), so that neither a year
    // (2019) nor a compact date (20190713) is ever read as one.
    if (text.size() < 5 || !std::all_of(text.begin(), text.begin() + 5, is_digit)) return std::nullopt;
    std::string_view rest = text.substr(5);
    if (!rest.empty() && (rest.front() != '.' || rest.size() == 1 || !std::all_of(rest.begin() + 1, rest.end(), is_digit)))
        return std::nullopt;
    double serial = 0;
    for (char c : text.substr(0, 5)) serial = serial * 10 + (c - '0');
    if (serial < 10'000) return std::nullopt; // a leading zero: 01234 is no serial
    return serial_date(serial, system);
}

} // namespace credcheck::import
