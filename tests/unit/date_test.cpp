#include <doctest/doctest.h>

#include "credcheck/date.hpp"
#include "credcheck/error.hpp"

using credcheck::Date;

TEST_CASE("a date parses from the spellings department files use") {
    const Date expected = *Date::from_ymd(2017, 8, 3);
    for (const char* text : {"2017-08-03", "2017-8-3", "2017/8/3", "2017/08/03", "20170803", "2017.8.3", "2017年8月3日",
                             " 2017-08-03 ", "2017-08-03 00:00:00", "2017/8/3 8:30", "2017-08-03T08:30:00"}) {
        CAPTURE(text);
        REQUIRE(Date::parse(text).has_value());
        CHECK(*Date::parse(text) == expected);
    }
}

TEST_CASE("impossible or ambiguous dates are refused") {
    for (const char* text : {"", "2017", "2023-02-29", "2017-13-01", "2017-00-10", "2017-04-31", "17-08-03", "2017-08-03x",
                             "2017/08-03", "03/08/2017", "2017年8月3", "201708031", "2017-08-03 25:00", "二〇一七年八月三日"}) {
        CAPTURE(text);
        CHECK_FALSE(Date::parse(text).has_value());
    }
}

TEST_CASE("leap days exist only in leap years") {
    CHECK(Date::parse("2024-02-29").has_value());
    CHECK(Date::parse("2000-02-29").has_value());
    CHECK_FALSE(Date::parse("1900-02-29").has_value());
}

TEST_CASE("a date knows its parts, weekday and ISO text") {
    const Date d = *Date::from_ymd(2026, 11, 28);
    CHECK(d.year() == 2026);
    CHECK(d.month() == 11);
    CHECK(d.day() == 28);
    CHECK(d.iso_weekday() == 6); // Saturday
    CHECK(d.iso() == "2026-11-28");
    CHECK(d.plus_days(3).iso() == "2026-12-01");
    CHECK(d.days_until(*Date::from_ymd(2027, 1, 1)) == 34);
    CHECK(Date::from_days(0).iso() == "1970-01-01");
}

TEST_CASE("parse_or_throw names what was being parsed") {
    try {
        Date::parse_or_throw("2017-02-30", "--as-of");
        FAIL("expected an error");
    } catch (const credcheck::Error& e) {
        CHECK(e.status() == credcheck::Status::invalid_argument);
        CHECK(std::string(e.what()).find("--as-of: '2017-02-30' is not a date") != std::string::npos);
    }
}
