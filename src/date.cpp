#include "credcheck/date.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "util/text.hpp"

namespace credcheck {
namespace chr = std::chrono;

namespace {

chr::year_month_day ymd_of(std::int32_t days) {
    return chr::year_month_day{chr::sys_days{chr::days{days}}};
}

/// Reads 1..max_digits decimal digits from the front of `text`.
bool take_number(std::string_view& text, std::size_t max_digits, std::size_t min_digits, unsigned& out) {
    std::size_t n = 0;
    unsigned value = 0;
    while (n < text.size() && n < max_digits && text[n] >= '0' && text[n] <= '9') {
        value = value * 10 + static_cast<unsigned>(text[n] - '0');
        ++n;
    }
    if (n < min_digits) return false;
    text.remove_prefix(n);
    out = value;
    return true;
}

bool take_prefix(std::string_view& text, std::string_view prefix) {
    if (!text.starts_with(prefix)) return false;
    text.remove_prefix(prefix.size());
    return true;
}

/// Accepts an Excel-style time of day after a date (" 00:00:00", "T08:30"): it carries no date meaning.
bool is_time_suffix(std::string_view s) {
    if (s.empty()) return true;
    if (s.front() != ' ' && s.front() != 'T') return false;
    s.remove_prefix(1);
    unsigned hh = 0, mm = 0, ss = 0;
    if (!take_number(s, 2, 1, hh) || !take_prefix(s, ":") || !take_number(s, 2, 2, mm)) return false;
    if (take_prefix(s, ":") && !take_number(s, 2, 2, ss)) return false;
    return s.empty() && hh < 24 && mm < 60 && ss < 61;
}

} // namespace

std::optional<Date> Date::from_ymd(int year, unsigned month, unsigned day) noexcept {
    const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
    if (!ymd.ok()) return std::nullopt;
    return Date(static_cast<std::int32_t>(chr::sys_days{ymd}.time_since_epoch().count()));
}

std::optional<Date> Date::parse(std::string_view text) noexcept {
    text = trim(text);
    unsigned y = 0, m = 0, d = 0;
    if (text.size() >= 8 && text.substr(0, 8).find_first_not_of("0123456789") == std::string_view::npos) {
        // Compact 20170803.
        std::string_view digits = text.substr(0, 8);
        take_number(digits, 4, 4, y);
        take_number(digits, 2, 2, m);
        take_number(digits, 2, 2, d);
        text.remove_prefix(8);
    } else {
        if (!take_number(text, 4, 4, y)) return std::nullopt;
        std::string_view separator;
        for (std::string_view candidate : {"-", "/", ".", "年"}) {
            if (text.starts_with(candidate)) separator = candidate;
        }
        if (separator.empty()) return std::nullopt;
        text.remove_prefix(separator.size());
        if (!take_number(text, 2, 1, m)) return std::nullopt;
        if (!take_prefix(text, separator == "年" ? std::string_view("月") : separator)) return std::nullopt;
        if (!take_number(text, 2, 1, d)) return std::nullopt;
        if (separator == "年" && !take_prefix(text, "日")) return std::nullopt;
    }
    if (!is_time_suffix(text)) return std::nullopt;
    return from_ymd(static_cast<int>(y), m, d);
}

Date Date::parse_or_throw(std::string_view text, std::string_view what) {
    if (auto date = parse(text)) return *date;
    throw Error(Status::invalid_argument,
                fmt::format("{}: '{}' is not a date (expected YYYY-MM-DD, YYYY/M/D or YYYYMMDD)", what, text));
}

Date Date::today() noexcept {
    const auto now_cst = chr::system_clock::now() + chr::hours{8};
    return Date(static_cast<std::int32_t>(chr::floor<chr::days>(now_cst).time_since_epoch().count()));
}

Date Date::plus_months(int n) const noexcept {
    const auto ymd = ymd_of(days_);
    const int months = static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1 + n;
    const chr::year y{months / 12};
    const chr::month m{static_cast<unsigned>(months % 12) + 1};
    const chr::day last = chr::year_month_day_last{y, chr::month_day_last{m}}.day();
    const chr::day d = std::min(ymd.day(), last);
    return Date(static_cast<std::int32_t>(chr::sys_days{chr::year_month_day{y, m, d}}.time_since_epoch().count()));
}

int Date::year() const noexcept { return static_cast<int>(ymd_of(days_).year()); }
unsigned Date::month() const noexcept { return static_cast<unsigned>(ymd_of(days_).month()); }
unsigned Date::day() const noexcept { return static_cast<unsigned>(ymd_of(days_).day()); }

unsigned Date::iso_weekday() const noexcept {
    return chr::weekday{chr::sys_days{chr::days{days_}}}.iso_encoding();
}

std::string Date::iso() const {
    const auto ymd = ymd_of(days_);
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

} // namespace credcheck
