// credcheck/date.hpp — a calendar date without time or zone, the unit of every rule in credcheck.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace credcheck {

/// A valid proleptic Gregorian date. Cheap to copy; ordered; always valid once constructed.
class Date {
public:
    /// The date for year-month-day, or nullopt when no such day exists (2023-02-29).
    static std::optional<Date> from_ymd(int year, unsigned month, unsigned day) noexcept;

    /// Parses the spellings real department files use: `2017-08-03`, `2017/8/3`, `20170803`,
    /// `2017.8.3` and `2017年8月3日`. Returns nullopt for anything else or for an impossible day.
    static std::optional<Date> parse(std::string_view text) noexcept;

    /// Like parse(), but throws Error(invalid_argument) naming `what` and the text.
    static Date parse_or_throw(std::string_view text, std::string_view what);

    /// The date from days since 1970-01-01.
    static Date from_days(std::int32_t days_since_epoch) noexcept { return Date(days_since_epoch); }

    /// Today in China Standard Time (UTC+8), the zone every deadline in credcheck is counted in.
    static Date today() noexcept;

    int year() const noexcept;
    unsigned month() const noexcept;
    unsigned day() const noexcept;
    /// 1 = Monday … 7 = Sunday (ISO 8601).
    unsigned iso_weekday() const noexcept;
    std::int32_t days_since_epoch() const noexcept { return days_; }

    Date plus_days(std::int32_t n) const noexcept { return Date(days_ + n); }
    /// The same day `n` months later (earlier for negative n); the month's last day when it has no
    /// such day (2024-01-31 + 1 month = 2024-02-29), as the Civil Code §202 counts periods.
    Date plus_months(int n) const noexcept;
    Date plus_years(int n) const noexcept { return plus_months(12 * n); }
    std::int32_t days_until(Date later) const noexcept { return later.days_ - days_; }

    /// ISO 8601, `YYYY-MM-DD`.
    std::string iso() const;

    friend auto operator<=>(Date, Date) noexcept = default;

private:
    explicit Date(std::int32_t days) noexcept : days_(days) {}
    std::int32_t days_;
};

} // namespace credcheck
