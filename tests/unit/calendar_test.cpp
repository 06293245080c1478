// Expected dates were worked out by hand from data/cn_holidays.tsv and cross-checked with an independent
// Python count over the same file, not taken from this implementation.
#include <doctest/doctest.h>

#include <string>

#include "credcheck/calendar.hpp"
#include "credcheck/error.hpp"

using credcheck::CalendarDay;
using credcheck::Date;
using credcheck::DayKind;
using credcheck::Error;
using credcheck::Status;
using credcheck::WorkingCalendar;

namespace {

Date d(const char* iso) { return Date::parse_or_throw(iso, "test date"); }

const WorkingCalendar& shipped() {
    static const WorkingCalendar calendar = WorkingCalendar::default_calendar();
    return calendar;
}

/// The message of the Error with `status` that `f` throws; fails the test when it throws nothing.
template <class F> std::string error_of(Status status, F&& f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.status() == status);
        return e.what();
    }
    FAIL("expected an error");
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE_BEGIN("calendar");

TEST_CASE("the shipped calendar covers 2017 to 2026 and nothing else") {
    const auto& cal = shipped();
    CHECK(cal.covered_years() == std::vector<int>{2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026});
    CHECK(cal.covers(d("2017-01-01")));
    CHECK(cal.covers(d("2026-12-31")));
    CHECK_FALSE(cal.covers(d("2016-12-31")));
    CHECK_FALSE(cal.covers(d("2027-01-01")));
}

TEST_CASE("a working day is Monday to Friday unless off, or any day marked work") {
    const auto& cal = shipped();
    SUBCASE("an ordinary weekday works, an ordinary weekend rests") {
        CHECK(cal.is_working_day(d("2025-03-12")));       // Wednesday
        CHECK_FALSE(cal.is_working_day(d("2025-02-15"))); // Saturday
        CHECK_FALSE(cal.is_working_day(d("2025-02-16"))); // Sunday
    }
    SUBCASE("a holiday weekday is off") {
        CHECK_FALSE(cal.is_working_day(d("2025-01-28"))); // Tuesday, 春节
        CHECK_FALSE(cal.is_working_day(d("2025-10-08"))); // Wednesday, 国庆节、中秋节
        REQUIRE(cal.listed(d("2025-10-08")) != nullptr);
        CHECK(cal.listed(d("2025-10-08"))->name == "国庆节、中秋节");
        CHECK(cal.listed(d("2025-10-08"))->kind == DayKind::off);
    }
    SUBCASE("an adjusted working Saturday and Sunday count as working days") {
        CHECK(cal.is_working_day(d("2025-02-08"))); // Saturday after 春节
        CHECK(cal.is_working_day(d("2025-01-26"))); // Sunday before 春节
        REQUIRE(cal.listed(d("2025-02-08")) != nullptr);
        CHECK(cal.listed(d("2025-02-08"))->kind == DayKind::work);
        CHECK(cal.listed(d("2025-02-08"))->name == "春节");
    }
    SUBCASE("a day that is neither holiday nor adjusted is not listed") {
        CHECK(cal.listed(d("2025-03-12")) == nullptr);
    }
    SUBCASE("a day outside the calendar is not guessed") {
        const std::string what = error_of(Status::calendar_not_covered, [&] { (void)cal.is_working_day(d("2027-01-04")); });
        CHECK(contains(what, "2027-01-04"));
        CHECK(contains(what, "2017–2026"));
    }
}

TEST_CASE("N working days after a decision skip the Spring Festival and count its adjusted days") {
    const auto& cal = shipped();
    SUBCASE("decided on the last working day before 春节 2025") {
        // 01-28..02-04 off; 02-05, 02-06, 02-07, Saturday 02-08 (work), 02-10, 02-11, 02-12.
        CHECK(cal.add_working_days(d("2025-01-27"), 7) == d("2025-02-12"));
    }
    SUBCASE("decided on the Friday before, so the adjusted working Sunday 01-26 counts") {
        // 01-26 (Sunday, work), 01-27, 02-05, 02-06, 02-07, 02-08 (Saturday, work), 02-10.
        CHECK(cal.add_working_days(d("2025-01-24"), 7) == d("2025-02-10"));
    }
    SUBCASE("the decision day does not count, even when it is itself a working day") {
        CHECK(cal.add_working_days(d("2025-03-12"), 1) == d("2025-03-13"));
    }
    SUBCASE("decided on a holiday, counting starts on the next day") {
        CHECK(cal.add_working_days(d("2025-10-01"), 1) == d("2025-10-09"));
    }
    SUBCASE("zero working days is the decision day") { CHECK(cal.add_working_days(d("2025-10-01"), 0) == d("2025-10-01")); }
    SUBCASE("counting backwards") {
        CHECK(cal.add_working_days(d("2025-02-12"), -7) == d("2025-01-27"));
        CHECK(cal.add_working_days(d("2017-01-05"), -2) == d("2017-01-03")); // 01-02 is 元旦 off, 01-01 Sunday
    }
    SUBCASE("twenty working days") { CHECK(cal.add_working_days(d("2025-01-24"), 20) == d("2025-02-27")); }
    SUBCASE("up to the last covered day") { CHECK(cal.add_working_days(d("2026-12-24"), 5) == d("2026-12-31")); }
    SUBCASE("the day before the calendar starts may be the decision day") {
        CHECK(cal.add_working_days(d("2016-12-31"), 1) == d("2017-01-03"));
    }
}

TEST_CASE("counting into a year the calendar does not cover is refused") {
    const auto& cal = shipped();
    SUBCASE("forwards into 2027") {
        const std::string what = error_of(Status::calendar_not_covered, [&] { (void)cal.add_working_days(d("2026-12-28"), 7); });
        CHECK(contains(what, "2027-01-01"));
        CHECK(contains(what, "2017–2026"));
        CHECK(contains(what, "7 working days after 2026-12-28"));
    }
    SUBCASE("from a day already outside") {
        const std::string what = error_of(Status::calendar_not_covered, [&] { (void)cal.add_working_days(d("2027-03-01"), 1); });
        CHECK(contains(what, "2027-03-02"));
    }
    SUBCASE("backwards into 2016") {
        const std::string what = error_of(Status::calendar_not_covered, [&] { (void)cal.add_working_days(d("2017-01-04"), -2); });
        CHECK(contains(what, "2016-12-31"));
    }
    SUBCASE("an empty calendar covers nothing") {
        const WorkingCalendar none;
        CHECK(none.covered_years().empty());
        CHECK_FALSE(none.covers(d("2025-01-01")));
        CHECK(contains(error_of(Status::calendar_not_covered, [&] { (void)none.add_working_days(d("2025-01-01"), 1); }), "no year"));
    }
}

TEST_CASE("a gap year in the middle of the calendar is not covered") {
    const std::vector<CalendarDay> days = {{d("2024-01-01"), DayKind::off, "元旦"}, {d("2026-01-01"), DayKind::off, "元旦"}};
    const WorkingCalendar cal(days);
    CHECK(cal.covered_years() == std::vector<int>{2024, 2026});
    CHECK_FALSE(cal.covers(d("2025-06-01")));
    const std::string what = error_of(Status::calendar_not_covered, [&] { (void)cal.add_working_days(d("2024-12-30"), 5); });
    CHECK(contains(what, "2025-01-01"));
    CHECK(contains(what, "2024, 2026"));
    CHECK(error_of(Status::calendar_not_covered, [&] { (void)cal.working_days_between(d("2024-12-01"), d("2026-02-01")); }) != "");
    CHECK(error_of(Status::calendar_not_covered, [&] { (void)cal.add_working_days(d("2026-01-05"), -3); }) != "");
    CHECK(cal.add_working_days(d("2026-01-01"), 1) == d("2026-01-02")); // only this calendar's 元旦 is listed
}

TEST_CASE("working days between two dates count the days after the first, up to and including the second") {
    const auto& cal = shipped();
    CHECK(cal.working_days_between(d("2025-01-27"), d("2025-02-12")) == 7);
    CHECK(cal.working_days_between(d("2025-02-12"), d("2025-01-27")) == -7);
    CHECK(cal.working_days_between(d("2025-03-12"), d("2025-03-12")) == 0);
    CHECK(cal.working_days_between(d("2025-12-31"), d("2026-12-31")) == 248);
    CHECK(cal.working_days_between(d("2016-12-31"), d("2026-12-31")) == 2493);
    CHECK(error_of(Status::calendar_not_covered, [&] { (void)cal.working_days_between(d("2026-12-01"), d("2027-01-05")); })
              .find("2027-01-01") != std::string::npos);
}

TEST_CASE("adding working days agrees with counting them, day by day over the whole calendar") {
    const auto& cal = shipped();
    // 200 working days from every day of 2017–2025 (from the first working day, so that counting back
    // stays inside): the inverse of working_days_between, and a working day itself. (~3,300 calls.)
    for (Date day = d("2017-01-03"); day < d("2026-01-01"); day = day.plus_days(1)) {
        const Date later = cal.add_working_days(day, 200);
        REQUIRE(cal.is_working_day(later));
        REQUIRE(cal.working_days_between(day, later) == 200);
        const Date back = cal.add_working_days(later, -200); // the last working day on or before `day`
        REQUIRE(back <= day);
        REQUIRE(cal.add_working_days(back, 200) == later);
    }
}

TEST_CASE("a Civil Code period ends on the same day months later, or that month's last day") {
    const auto& cal = shipped();
    SUBCASE("month-end clamping into a leap February") {
        const auto end = cal.period_end(d("2024-01-31"), 1);
        CHECK(end.date == d("2024-02-29"));
        CHECK_FALSE(end.provisional);
        CHECK(cal.period_end(d("2023-08-31"), 6).date == d("2024-02-29"));
        CHECK(cal.period_end(d("2024-08-31"), 6).date == d("2025-02-28"));
    }
    SUBCASE("ending on a holiday, the period ends on the next working day") {
        CHECK(cal.period_end(d("2025-07-01"), 3).date == d("2025-10-09")); // 10-01..10-08 off
        CHECK(cal.period_end(d("2024-10-01"), 12).date == d("2025-10-09"));
        CHECK(cal.period_end(d("2019-07-01"), 6).date == d("2020-01-02")); // 元旦
    }
    SUBCASE("ending on an ordinary Sunday, it ends on Monday") {
        CHECK(cal.period_end(d("2025-03-15"), 3).date == d("2025-06-16"));
    }
    SUBCASE("ending on an adjusted working Sunday, it ends that Sunday") {
        CHECK(cal.period_end(d("2025-06-28"), 3).date == d("2025-09-28"));
    }
    SUBCASE("ending beyond the calendar, the unadjusted day is provisional") {
        const auto end = cal.period_end(d("2026-06-01"), 12);
        CHECK(end.date == d("2027-06-01"));
        CHECK(end.provisional);
    }
    SUBCASE("ending on the calendar's last days off, with the next working day outside it") {
        const std::vector<CalendarDay> days = {{d("2026-12-31"), DayKind::off, "test"}};
        const WorkingCalendar cal2026(days);
        const auto end = cal2026.period_end(d("2026-10-31"), 2); // Thursday 12-31 off, Friday 2027-01-01 unknown
        CHECK(end.date == d("2026-12-31"));
        CHECK(end.provisional);
    }
    SUBCASE("zero months is the start day; negative months are refused") {
        CHECK(cal.period_end(d("2025-10-01"), 0).date == d("2025-10-01"));
        (void)error_of(Status::invalid_argument, [&] { (void)cal.period_end(d("2025-10-01"), -1); });
    }
}

TEST_CASE("the TSV parser reads days, comments and blank lines") {
    const auto days = credcheck::parse_calendar("# a comment\n\ndate\tkind\tname\n2025-02-08\twork\t春节\r\n# another\n2025-01-28\toff\t春节\n",
                                                "test.tsv");
    REQUIRE(days.size() == 2);
    CHECK(days[0].date == d("2025-01-28")); // sorted by date
    CHECK(days[0].kind == DayKind::off);
    CHECK(days[1].kind == DayKind::work);
    CHECK(days[1].name == "春节");
    CHECK(to_string(DayKind::off) == "off");
    CHECK(to_string(DayKind::work) == "work");
    CHECK(credcheck::parse_calendar(credcheck::default_calendar_tsv(), "shipped").size() == 351);
}

TEST_CASE("the TSV parser names the line of a bad row") {
    const auto error = [](const std::string& body) {
        return error_of(Status::invalid_argument, [&] { (void)credcheck::parse_calendar("date\tkind\tname\n# comment\n" + body, "hol.tsv"); });
    };
    SUBCASE("a bad date") { CHECK(contains(error("2025-02-30\toff\tx\n"), "hol.tsv line 3: '2025-02-30' is not a date")); }
    SUBCASE("a date in another spelling") { CHECK(contains(error("2025/2/8\twork\tx\n"), "line 3: '2025/2/8' is not a date spelt YYYY-MM-DD")); }
    SUBCASE("an unknown kind") { CHECK(contains(error("2025-01-01\toff\t元旦\n2025-01-28\tholiday\t春节\n"), "line 4: kind 'holiday'")); }
    SUBCASE("a working day that is not a weekend") {
        CHECK(contains(error("2025-01-27\twork\t春节\n"), "line 3: 2025-01-27 is marked work but is not a Saturday or Sunday"));
    }
    SUBCASE("a day listed twice with different kinds") {
        CHECK(contains(error("2025-02-08\twork\t春节\n\n2025-02-08\toff\t春节\n"),
                       "line 5: 2025-02-08 is listed as off here but as work on line 3"));
    }
    SUBCASE("a day listed twice") { CHECK(contains(error("2025-01-28\toff\t春节\n2025-01-28\toff\t春节\n"), "line 4: 2025-01-28 is listed twice (also on line 3)")); }
    SUBCASE("a wrong number of fields") { CHECK(contains(error("2025-01-28\toff\n"), "line 3: expected 3 tab-separated fields")); }
    SUBCASE("no name") { CHECK(contains(error("2025-01-28\toff\t\n"), "line 3: 2025-01-28 has no holiday name")); }
    SUBCASE("a missing header") {
        CHECK(contains(error_of(Status::invalid_argument, [] { (void)credcheck::parse_calendar("2025-01-28\toff\t春节\n", "h.tsv"); }),
                       "h.tsv line 1: expected the header"));
        CHECK(contains(error_of(Status::invalid_argument, [] { (void)credcheck::parse_calendar("# only a comment\n", "h.tsv"); }),
                       "h.tsv: no header line"));
    }
    SUBCASE("a year no calendar can cover") { CHECK(contains(error("1066-10-14\toff\tx\n"), "line 3: 1066-10-14 is before 1900")); }
}

TEST_CASE("a calendar built from days refuses a day listed twice") {
    const std::vector<CalendarDay> days = {{d("2025-01-28"), DayKind::off, "a"}, {d("2025-01-28"), DayKind::off, "b"}};
    CHECK(contains(error_of(Status::invalid_argument, [&] { WorkingCalendar cal(days); }), "2025-01-28 is listed twice"));
}

TEST_SUITE_END();
