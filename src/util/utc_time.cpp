#include "credcheck/utc_time.hpp"

#include <charconv>
#include <fmt/format.h>

#include "credcheck/date.hpp"
#include "credcheck/error.hpp"

namespace credcheck {

std::string format_utc(UtcSeconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::hh_mm_ss hms{t - day};
    return fmt::format("{}T{:02}:{:02}:{:02}Z", Date::from_days(static_cast<std::int32_t>(day.time_since_epoch().count())).iso(),
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::optional<UtcSeconds> parse_utc(std::string_view text) {
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') return std::nullopt;
    const auto date = Date::parse(text.substr(0, 10));
    if (!date || date->iso() != text.substr(0, 10)) return std::nullopt;
    int parts[3] = {};
    for (int i = 0; i < 3; ++i) {
        const char* first = text.data() + 11 + 3 * i;
        const auto [end, ec] = std::from_chars(first, first + 2, parts[i]);
        if (ec != std::errc() || end != first + 2) return std::nullopt;
    }
    if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
    return UtcSeconds(std::chrono::days(date->days_since_epoch())) + std::chrono::hours(parts[0]) + std::chrono::minutes(parts[1]) +
           std::chrono::seconds(parts[2]);
}

UtcSeconds utc_now(const std::optional<UtcSeconds>& fixed) {
    if (fixed) return *fixed;
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::chrono::seconds parse_duration(std::string_view text, std::string_view what) {
    const auto bad = [&] {
        return Error(Status::invalid_argument, fmt::format("{} '{}' is not a duration: a positive number and a unit, s, m, h or d (36h, 7d)", what, text));
    };
    if (text.size() < 2) throw bad();
    long long n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, n);
    if (ec != std::errc() || end != text.data() + text.size() - 1 || n <= 0 || n > 100LL * 365 * 24 * 3600) throw bad();
    switch (text.back()) {
    case 's': return std::chrono::seconds(n);
    case 'm': return std::chrono::minutes(n);
    case 'h': return std::chrono::hours(n);
    case 'd': return std::chrono::days(n);
    default: throw bad();
    }
}

std::string format_duration(std::chrono::seconds d) {
    if (d.count() < 0) return "-" + format_duration(-d);
    const auto days = std::chrono::floor<std::chrono::days>(d);
    const auto hours = std::chrono::floor<std::chrono::hours>(d - days);
    const auto minutes = std::chrono::floor<std::chrono::minutes>(d - days - hours);
    const auto seconds = d - days - hours - minutes;
    std::string out;
    const auto part = [&](long long n, char unit) {
        if (n > 0) out += fmt::format("{}{}{}", out.empty() ? "" : " ", n, unit);
    };
    part(days.count(), 'd');
    part(hours.count(), 'h');
    part(minutes.count(), 'm');
    part(seconds.count(), 's');
    return out.empty() ? "0s" : out;
}

} // namespace credcheck
