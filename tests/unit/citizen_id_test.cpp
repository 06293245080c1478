#include <doctest/doctest.h>

#include "credcheck/citizen_id.hpp"

using namespace credcheck;

namespace {
const Date kAsOf = *Date::from_ymd(2026, 11, 28);
CitizenIdOptions as_of(Date d) { return CitizenIdOptions{d, Normalization::none, true}; }
} // namespace

TEST_CASE("the standard's examples are valid and expose birth date and sex") {
    const auto a = CitizenId::parse("11010519491231002X", as_of(kAsOf)).value();
    CHECK(a.birth_date().iso() == "1949-12-31");
    CHECK(a.sex() == Sex::female);
    CHECK(a.address_code() == "110105");
    const auto b = CitizenId::parse("440524188001010014", as_of(kAsOf)).value();
    CHECK(b.birth_date().iso() == "1880-01-01");
    CHECK(b.sex() == Sex::male);
}

TEST_CASE("a 15-digit number is upgraded to 18 digits") {
    const auto id = CitizenId::parse("150102880730303", as_of(kAsOf)).value();
    CHECK(id.str() == "150102198807303035");
    CHECK(id.upgraded_from_15());
    CHECK(id.birth_date().iso() == "1988-07-30");
    CHECK_FALSE(CitizenId::parse("150102880730303", CitizenIdOptions{kAsOf, Normalization::none, false}).ok());
}

TEST_CASE("impossible birth dates are refused") {
    SUBCASE("30 February") {
        const auto id = CitizenId::parse("420704202802301237", as_of(kAsOf));
        CHECK(id.error().position == 7);
        CHECK(id.error().message == "positions 7-14: birth date 20280230 is not a calendar date");
    }
    SUBCASE("month 13") { CHECK_FALSE(CitizenId::parse("420704199013011230", as_of(kAsOf)).ok()); }
    SUBCASE("29 February of a common year") {
        const std::string body = "42070419000229123";
        CHECK(CitizenId::parse(body + CitizenId::compute_check_character(body), as_of(kAsOf)).error().message.find("not a calendar date") !=
              std::string::npos);
    }
    SUBCASE("before 1800") {
        const std::string body = "42070417991231123";
        CHECK(CitizenId::parse(body + CitizenId::compute_check_character(body), as_of(kAsOf)).error().message.find("is before 1800") !=
              std::string::npos);
    }
    SUBCASE("a bad date in a 15-digit number names the legacy positions") {
        CHECK(CitizenId::parse("150102881330303", as_of(kAsOf)).error().message.find("positions 7-12") == 0);
    }
}

TEST_CASE("a birth date after the given day is refused, the day itself is accepted") {
    const std::string body = "42070420261128123";
    const std::string id = body + CitizenId::compute_check_character(body);
    CHECK(CitizenId::parse(id, as_of(kAsOf)).ok());
    const auto day_before = CitizenId::parse(id, as_of(kAsOf.plus_days(-1)));
    REQUIRE_FALSE(day_before.ok());
    CHECK(day_before.error().message == "positions 7-14: birth date 2026-11-28 is after 2026-11-27");
}

TEST_CASE("wrong check characters and shapes are refused") {
    CHECK(CitizenId::parse("110105194912310021", as_of(kAsOf)).error().message == "check character is '1', expected 'X'");
    CHECK(CitizenId::parse("11010519491231002Y", as_of(kAsOf)).error().position == 18);
    CHECK(CitizenId::parse("1101051949123100X2", as_of(kAsOf)).error().position == 17);
    CHECK(CitizenId::parse("1101051949", as_of(kAsOf)).error().position == 0);
    CHECK_FALSE(CitizenId::parse("11010519491231002x", as_of(kAsOf)).ok());
    CHECK(CitizenId::parse("11010519491231002x", CitizenIdOptions{kAsOf, Normalization::lenient, true}).ok());
}

TEST_CASE("residence permits and the new foreign permanent resident ID use the same check") {
    for (const char* prefix : {"81000019800101001", "83000019800101002", "93310019800101003"}) {
        const std::string id = std::string(prefix) + CitizenId::compute_check_character(prefix);
        CAPTURE(id);
        CHECK(CitizenId::parse(id, as_of(kAsOf)).ok());
    }
}

TEST_CASE("ID numbers are masked to address code and last four") {
    const std::string body = "42070419900101123";
    const std::string full = body + CitizenId::compute_check_character(body);
    CHECK(CitizenId::parse(full, as_of(kAsOf))->masked() == "420704********" + full.substr(14));
    CHECK(mask_personal_id("11010519491231002X") == "110105********002X");
    CHECK(mask_personal_id("150102880730303") == "150102******303");
    CHECK(mask_personal_id("91350100M000100Y43") == "91350100M000100Y43");
    CHECK(mask_personal_id("short") == "short");
}
