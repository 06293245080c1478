// credcheck/calendar.hpp — the Chinese working-day calendar: official days off, adjusted working days
// (调休), and the periods counted on them ("within 7 working days of the decision"; Civil Code
// §201–203 month periods that end on the next working day when their last day is a day off).
//
// The calendar is data (data/cn_holidays.tsv, 2017–2026) the office extends when the State Council
// publishes the next year's notice. A date outside the loaded years is never treated as an ordinary
// day: the functions that would have to guess throw Error(calendar_not_covered) instead.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credcheck/date.hpp"

namespace credcheck {

/// What the calendar says about a listed day: an official day off, or a weekend day that is an
/// adjusted working day (调休).
enum class DayKind { off, work };

/// "off" or "work", as in the TSV.
std::string_view to_string(DayKind) noexcept;

/// One listed day: a holiday day off or an adjusted working day, with the holiday it belongs to.
struct CalendarDay {
    Date date = Date::from_days(0);
    DayKind kind = DayKind::off;
    std::string name; // 春节, 国庆节、中秋节, …
};

/// Parses the format of data/cn_holidays.tsv: a header line `date\tkind\tname`, then one day a line
/// (ISO date, `off` or `work`, holiday name); `#` comment lines and blank lines are allowed anywhere.
/// Returns the days sorted by date. Throws Error(invalid_argument) "SOURCE line N: …" for a missing
/// header, a wrong number of fields, a date not spelt YYYY-MM-DD, an unknown kind, an empty name, a
/// `work` day that is not a Saturday or Sunday, or a day listed twice.
std::vector<CalendarDay> parse_calendar(std::string_view tsv, std::string_view source_name);

/// The text of data/cn_holidays.tsv as built into the library (2017–2026).
std::string_view default_calendar_tsv() noexcept;

/// Answers working-day questions for the years it covers. Cheap to query: a day's kind is one array
/// read, and counting N working days is a binary search over running totals. Immutable once built,
/// so one instance may be shared between threads.
class WorkingCalendar {
public:
    /// Covers nothing: every question about a day throws calendar_not_covered.
    WorkingCalendar() = default;

    /// Covers every year in which at least one day is listed (a year with no holiday at all cannot
    /// exist in China, so an unlisted year is one whose notice has not been loaded). Throws
    /// Error(invalid_argument) when a date is listed twice.
    explicit WorkingCalendar(std::span<const CalendarDay> days);

    /// The calendar built into the library (default_calendar_tsv()).
    static WorkingCalendar default_calendar();

    bool covers(Date) const noexcept;
    /// The covered years, ascending.
    std::vector<int> covered_years() const;

    /// Monday–Friday not marked off, or any day marked work. Throws Error(calendar_not_covered) naming
    /// the date and the covered years.
    bool is_working_day(Date) const;

    /// The listed entry for the date (a holiday day off or an adjusted working day), or nullptr.
    const CalendarDay* listed(Date) const noexcept;

    /// The nth working day after `from` — `from` itself does not count, so "within 7 working days of
    /// a decision on D" ends on add_working_days(D, 7). n = 0 returns `from`; n < 0 counts backwards
    /// (the |n|th working day before `from`). `from` itself need not be covered, every day counted
    /// over must be: otherwise throws Error(calendar_not_covered) naming the first such day.
    Date add_working_days(Date from, int n) const;

    /// The number of working days in (from, to]; negative (minus those in (to, from]) when to < from.
    /// Throws Error(calendar_not_covered) when a day in that range is not covered.
    int working_days_between(Date from, Date to) const;

    /// The last day of a period, and whether the calendar could confirm it.
    struct PeriodEnd {
        Date date = Date::from_days(0);
        bool provisional = false; // the day lies outside the calendar: not adjusted for days off
    };

    /// The last day of a period of `months` months starting on `start` (Civil Code §201–203): the
    /// start day does not count, the period ends on the same day `months` months later or on that
    /// month's last day (Date::plus_months), and when that day is not a working day (a holiday or a
    /// rest day, 法定休假日) the period ends on the next working day. When the last day, or the next
    /// working day it moves to, lies outside the calendar, returns the unadjusted day with
    /// provisional = true. months = 0 returns `start` unadjusted. Throws Error(invalid_argument)
    /// for months < 0.
    PeriodEnd period_end(Date start, int months) const;

private:
    enum class State : std::uint8_t { uncovered, rest, working };

    std::vector<CalendarDay> listed_;            // sorted by date
    std::vector<int> years_;                     // covered years, ascending
    std::int32_t first_day_ = 0;                 // days since epoch of table index 0 (1 January of the first covered year)
    std::vector<State> state_;                   // per day from first_day_ to 31 December of the last covered year
    std::vector<std::int32_t> working_before_;   // working days in table [0, i); size state_.size() + 1
    std::vector<std::int32_t> uncovered_before_; // uncovered days in table [0, i); size state_.size() + 1

    State state_of(std::int64_t index) const noexcept;
    [[noreturn]] void throw_not_covered(Date day, std::string_view doing) const;
    Date first_uncovered_between(std::int64_t from_index, std::int64_t to_index) const noexcept;
};

// The calendar a database holds, and loading a year into it: credcheck/installed_calendar.hpp.

} // namespace credcheck
