#include "credcheck/calendar.hpp"

#include <algorithm>
#include <boost/date_time/gregorian/gregorian.hpp>
#include <fmt/format.h>
#include <map>
#include <utility>

#include "credcheck/error.hpp"
#include "util/tsv.hpp"
#include "util/text.hpp"

namespace credcheck {

namespace embedded {
extern const std::string_view cn_holidays_tsv;
} // namespace embedded

namespace {

namespace greg = boost::gregorian;

std::int32_t epoch_days(const greg::date& d) {
    static const greg::date epoch(1970, greg::Jan, 1);
    return static_cast<std::int32_t>((d - epoch).days());
}

// Boost.Date_Time counts from 1400; nothing credcheck handles is older than the People's Republic.
constexpr int kFirstYear = 1900;
constexpr int kLastYear = 9999;

bool is_weekend(Date d) noexcept { return d.iso_weekday() >= 6; }

/// "2017–2026", "2017–2019, 2021", or "no year".
std::string describe_years(const std::vector<int>& years) {
    if (years.empty()) return "no year";
    std::string out;
    for (std::size_t i = 0; i < years.size();) {
        std::size_t j = i;
        while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
        if (!out.empty()) out += ", ";
        out += j == i ? fmt::format("{}", years[i]) : fmt::format("{}–{}", years[i], years[j]);
        i = j + 1;
    }
    return out;
}

} // namespace

std::string_view to_string(DayKind kind) noexcept { return kind == DayKind::off ? "off" : "work"; }

std::vector<CalendarDay> parse_calendar(std::string_view tsv, std::string_view source_name) {
    std::vector<CalendarDay> days;
    std::map<std::int32_t, std::pair<std::size_t, DayKind>> seen; // day → (line, kind)
    bool header_seen = false;
    tsv::for_each_row(tsv, [&](const std::vector<std::string_view>& fields, std::size_t line) {
        const auto fail = [&](const std::string& what) {
            throw Error(Status::invalid_argument, fmt::format("{} line {}: {}", source_name, line, what));
        };
        if (!header_seen) {
            if (fields.size() != 3 || trim(fields[0]) != "date" || trim(fields[1]) != "kind" || trim(fields[2]) != "name")
                fail("expected the header 'date<TAB>kind<TAB>name'");
            header_seen = true;
            return;
        }
        if (fields.size() != 3) fail(fmt::format("expected 3 tab-separated fields (date, kind, name), found {}", fields.size()));
        const std::string_view date_text = trim(fields[0]), kind_text = trim(fields[1]), name = trim(fields[2]);
        const std::optional<Date> date = Date::parse(date_text);
        if (!date || date->iso() != date_text) fail(fmt::format("'{}' is not a date spelt YYYY-MM-DD", date_text));
        if (date->year() < kFirstYear) fail(fmt::format("{} is before {}: not a year a working-day calendar can cover", date_text, kFirstYear));
        DayKind kind = DayKind::off;
        if (kind_text == "off") kind = DayKind::off;
        else if (kind_text == "work") kind = DayKind::work;
        else fail(fmt::format("kind '{}' is neither 'off' nor 'work'", kind_text));
        if (name.empty()) fail(fmt::format("{} has no holiday name", date_text));
        if (kind == DayKind::work && !is_weekend(*date))
            fail(fmt::format("{} is marked work but is not a Saturday or Sunday (a weekday is a working day anyway)", date_text));
        const auto [it, inserted] = seen.emplace(date->days_since_epoch(), std::pair{line, kind});
        if (!inserted) {
            const auto [first_line, first_kind] = it->second;
            if (first_kind == kind) fail(fmt::format("{} is listed twice (also on line {})", date_text, first_line));
            fail(fmt::format("{} is listed as {} here but as {} on line {}", date_text, to_string(kind), to_string(first_kind),
                             first_line));
        }
        days.push_back(CalendarDay{*date, kind, std::string(name)});
    });
    if (!header_seen) throw Error(Status::invalid_argument, fmt::format("{}: no header line 'date<TAB>kind<TAB>name'", source_name));
    std::sort(days.begin(), days.end(), [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
    return days;
}

std::string_view default_calendar_tsv() noexcept { return embedded::cn_holidays_tsv; }

WorkingCalendar::WorkingCalendar(std::span<const CalendarDay> days) : listed_(days.begin(), days.end()) {
    std::sort(listed_.begin(), listed_.end(), [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
    const auto twice = std::adjacent_find(listed_.begin(), listed_.end(),
                                          [](const CalendarDay& a, const CalendarDay& b) { return a.date == b.date; });
    if (twice != listed_.end())
        throw Error(Status::invalid_argument, fmt::format("working-day calendar: {} is listed twice", twice->date.iso()));
    if (!listed_.empty() && (listed_.front().date.year() < kFirstYear || listed_.back().date.year() > kLastYear)) {
        const Date odd = listed_.front().date.year() < kFirstYear ? listed_.front().date : listed_.back().date;
        throw Error(Status::invalid_argument,
                    fmt::format("working-day calendar: {} is outside the years {}–{}", odd.iso(), kFirstYear, kLastYear));
    }
    for (const CalendarDay& d : listed_)
        if (years_.empty() || years_.back() != d.date.year()) years_.push_back(d.date.year());
    if (years_.empty()) return;

    // One state per day from 1 January of the first covered year to 31 December of the last; years in
    // between that are not covered stay `uncovered`.
    const greg::date first(static_cast<unsigned short>(years_.front()), greg::Jan, 1);
    const greg::date last(static_cast<unsigned short>(years_.back()), greg::Dec, 31);
    first_day_ = epoch_days(first);
    state_.assign(static_cast<std::size_t>((last - first).days() + 1), State::uncovered);
    for (const int year : years_) {
        const greg::date jan1(static_cast<unsigned short>(year), greg::Jan, 1);
        const greg::date dec31(static_cast<unsigned short>(year), greg::Dec, 31);
        for (greg::day_iterator it(jan1); *it <= dec31; ++it) {
            const auto weekday = it->day_of_week().as_number(); // 0 = Sunday … 6 = Saturday
            state_[static_cast<std::size_t>(epoch_days(*it) - first_day_)] =
                weekday == 0 || weekday == 6 ? State::rest : State::working;
        }
    }
    for (const CalendarDay& d : listed_)
        state_[static_cast<std::size_t>(d.date.days_since_epoch() - first_day_)] =
            d.kind == DayKind::work ? State::working : State::rest;

    working_before_.assign(state_.size() + 1, 0);
    uncovered_before_.assign(state_.size() + 1, 0);
    for (std::size_t i = 0; i < state_.size(); ++i) {
        working_before_[i + 1] = working_before_[i] + (state_[i] == State::working ? 1 : 0);
        uncovered_before_[i + 1] = uncovered_before_[i] + (state_[i] == State::uncovered ? 1 : 0);
    }
}

WorkingCalendar WorkingCalendar::default_calendar() {
    const std::vector<CalendarDay> days = parse_calendar(default_calendar_tsv(), "data/cn_holidays.tsv (built in)");
    return WorkingCalendar(days);
}

WorkingCalendar::State WorkingCalendar::state_of(std::int64_t index) const noexcept {
    if (index < 0 || index >= static_cast<std::int64_t>(state_.size())) return State::uncovered;
    return state_[static_cast<std::size_t>(index)];
}

bool WorkingCalendar::covers(Date d) const noexcept { return state_of(std::int64_t{d.days_since_epoch()} - first_day_) != State::uncovered; }

std::vector<int> WorkingCalendar::covered_years() const { return years_; }

void WorkingCalendar::throw_not_covered(Date day, std::string_view doing) const {
    throw Error(Status::calendar_not_covered,
                fmt::format("{}: the working-day calendar does not cover {} (it covers {}; add the State Council's "
                            "holiday notice for {} to the calendar)",
                            doing, day.iso(), describe_years(years_), day.year()));
}

Date WorkingCalendar::first_uncovered_between(std::int64_t from_index, std::int64_t to_index) const noexcept {
    const std::int64_t step = from_index <= to_index ? 1 : -1;
    for (std::int64_t i = from_index;; i += step)
        if (state_of(i) == State::uncovered || i == to_index) return Date::from_days(static_cast<std::int32_t>(first_day_ + i));
}

bool WorkingCalendar::is_working_day(Date d) const {
    const State s = state_of(std::int64_t{d.days_since_epoch()} - first_day_);
    if (s == State::uncovered) throw_not_covered(d, fmt::format("is {} a working day", d.iso()));
    return s == State::working;
}

const CalendarDay* WorkingCalendar::listed(Date d) const noexcept {
    const auto it = std::lower_bound(listed_.begin(), listed_.end(), d, [](const CalendarDay& c, Date x) { return c.date < x; });
    return it != listed_.end() && it->date == d ? &*it : nullptr;
}

Date WorkingCalendar::add_working_days(Date from, int n) const {
    if (n == 0) return from;
    const std::int64_t size = static_cast<std::int64_t>(state_.size());
    const std::int64_t i = std::int64_t{from.days_since_epoch()} - first_day_;
    const auto doing = [&] { return fmt::format("counting {} working days {} {}", n > 0 ? n : -std::int64_t{n}, n > 0 ? "after" : "before", from.iso()); };
    if (n > 0) {
        // The nth working day j > i: working days in (i, j] == n and j itself working, i.e. the first
        // j + 1 whose running total reaches working_before_[i + 1] + n.
        if (i + 1 < 0 || i + 1 >= size) throw_not_covered(from.plus_days(1), doing());
        const std::int32_t target = working_before_[static_cast<std::size_t>(i + 1)] + n;
        const auto it = std::lower_bound(working_before_.begin() + (i + 2), working_before_.end(), target);
        if (it == working_before_.end()) throw_not_covered(first_uncovered_between(i + 1, size), doing());
        const std::int64_t j = (it - working_before_.begin()) - 1;
        if (uncovered_before_[static_cast<std::size_t>(j + 1)] != uncovered_before_[static_cast<std::size_t>(i + 1)])
            throw_not_covered(first_uncovered_between(i + 1, j), doing());
        return Date::from_days(static_cast<std::int32_t>(first_day_ + j));
    }
    // The |n|th working day j < i: working days in [j, i) == |n| and j itself working, i.e. the last
    // index whose running total is working_before_[i] - |n|.
    if (i - 1 < 0 || i - 1 >= size) throw_not_covered(from.plus_days(-1), doing());
    const std::int64_t target = std::int64_t{working_before_[static_cast<std::size_t>(i)]} + n;
    if (target < 0) throw_not_covered(first_uncovered_between(i - 1, -1), doing());
    const auto it = std::upper_bound(working_before_.begin(), working_before_.begin() + i, target);
    const std::int64_t j = (it - working_before_.begin()) - 1;
    if (uncovered_before_[static_cast<std::size_t>(i)] != uncovered_before_[static_cast<std::size_t>(j)])
        throw_not_covered(first_uncovered_between(i - 1, j), doing());
    return Date::from_days(static_cast<std::int32_t>(first_day_ + j));
}

int WorkingCalendar::working_days_between(Date from, Date to) const {
    if (from == to) return 0;
    const Date lo = std::min(from, to), hi = std::max(from, to);
    const std::int64_t a = std::int64_t{lo.days_since_epoch()} - first_day_ + 1; // first day counted
    const std::int64_t b = std::int64_t{hi.days_since_epoch()} - first_day_;     // last day counted
    const std::int64_t size = static_cast<std::int64_t>(state_.size());
    if (a < 0 || b >= size || uncovered_before_[static_cast<std::size_t>(b + 1)] != uncovered_before_[static_cast<std::size_t>(a)])
        throw_not_covered(first_uncovered_between(a, b),
                          fmt::format("counting working days between {} and {}", from.iso(), to.iso()));
    const int count = working_before_[static_cast<std::size_t>(b + 1)] - working_before_[static_cast<std::size_t>(a)];
    return to < from ? -count : count;
}

WorkingCalendar::PeriodEnd WorkingCalendar::period_end(Date start, int months) const {
    if (months < 0) throw Error(Status::invalid_argument, fmt::format("a period of {} months is not a period", months));
    if (months == 0) return {start, false};
    const Date last = start.plus_months(months);
    if (!covers(last)) return {last, true};
    if (is_working_day(last)) return {last, false};
    // §203: a period whose last day is a day off ends on the first working day after it.
    const std::int64_t i = std::int64_t{last.days_since_epoch()} - first_day_;
    for (std::int64_t j = i + 1;; ++j) {
        const State s = state_of(j);
        if (s == State::uncovered) return {last, true};
        if (s == State::working) return {Date::from_days(static_cast<std::int32_t>(first_day_ + j)), false};
    }
}

} // namespace credcheck
