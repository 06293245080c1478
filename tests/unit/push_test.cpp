// Serious-dishonesty entries pushed to the provincial platform within 7 working days (seed item 13).
#include <doctest/doctest.h>

#include <sstream>

#include "credcheck/push.hpp"
#include "test_support.hpp"
#include "world.hpp"

using namespace credcheck;
using namespace credcheck::test;

namespace {
const std::string kCourt = "鄂州市中级人民法院";
Date day(int y, int m, int d) { return *Date::from_ymd(y, m, d); }
} // namespace

TEST_CASE("a serious-dishonesty entry must reach the provincial platform within 7 working days of its entry") {
    World w;
    // Entered the day before the National Day holiday: the 7 working days run past it and its adjusted Saturday.
    w.entries("court.dishonest_debtor," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-09-30,,,,\n" +
              "court.dishonest_debtor," + World::person(3) + ",张三," + kCourt + ",(2026)鄂07执2号,2026-11-02,,,,\n" +
              "credit.model," + World::company(2) + ",乙公司,鄂州市发展和改革委员会,红〔2026〕1号,2026-09-30,,,,\n");
    const auto all = push_status(w.db(), PushQuery{day(2026, 11, 30), "", false});
    REQUIRE(all.size() == 2); // the red list is not pushed
    CHECK(all[0].deadline == day(2026, 10, 15)); // 8, 9, 10 (a working Saturday), 12, 13, 14, 15 October
    CHECK(all[1].subject_code == mask_personal_id(World::person(3)));

    CHECK(push_status(w.db(), PushQuery{day(2026, 10, 15), "", true}).empty()); // the deadline day itself is not late
    const auto overdue = push_status(w.db(), PushQuery{day(2026, 10, 16), "", true});
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0].state == PushState::overdue);
    CHECK(overdue[0].days_overdue == 1);

    SUBCASE("a push on time, and one late") {
        mark_pushed(w.db(), all[0].entry_id, day(2026, 10, 15));
        mark_pushed(w.db(), all[1].entry_id, day(2026, 11, 30));
        const auto states = push_status(w.db(), PushQuery{day(2026, 12, 1), "", false});
        CHECK(states[0].state == PushState::on_time);
        CHECK(states[1].state == PushState::late);
        CHECK(push_status(w.db(), PushQuery{day(2026, 12, 1), "", true}).empty());
        CHECK(status_of([&] { mark_pushed(w.db(), all[0].entry_id, day(2026, 12, 1)); }) == Status::conflict);
    }
    SUBCASE("a push is refused for a red-list entry, before the entry, and by a department") {
        const EntryId red = w.entry_of(World::company(2));
        CHECK(status_of([&] { mark_pushed(w.db(), red, day(2026, 10, 1)); }) == Status::not_found);
        CHECK(status_of([&] { mark_pushed(w.db(), all[0].entry_id, day(2026, 9, 1)); }) == Status::invalid_argument);
        Database court = w.db().as(Principal{kCourt, AccessRole::initiating, "法官"});
        CHECK(status_of([&] { mark_pushed(court, all[0].entry_id, day(2026, 10, 9)); }) == Status::permission_denied);
        CHECK(push_status(court, PushQuery{day(2026, 10, 16), "", true}).size() == 1); // its own entries
    }
    SUBCASE("the day's batch: what is not pushed yet, ID numbers masked unless the office unmasks") {
        std::ostringstream masked, full;
        CHECK(export_push_batch(w.db(), day(2026, 11, 30), FileFormat::csv, false, masked) == 2);
        CHECK(masked.str().starts_with("名单代码,名单名称,主体名称,主体类别,统一社会信用代码,证件号码"));
        CHECK(masked.str().find(World::person(3)) == std::string::npos);
        CHECK(masked.str().find(mask_personal_id(World::person(3))) != std::string::npos);
        CHECK(masked.str().find(",2026-10-15") != std::string::npos); // the deadline, last column
        CHECK(export_push_batch(w.db(), day(2026, 11, 30), FileFormat::jsonl, true, full) == 2);
        CHECK(full.str().find(World::person(3)) != std::string::npos);
        mark_pushed(w.db(), all[0].entry_id, day(2026, 10, 15));
        std::ostringstream after;
        CHECK(export_push_batch(w.db(), day(2026, 11, 30), FileFormat::csv, false, after) == 1);
        Database court = w.db().as(Principal{kCourt, AccessRole::initiating, "法官"});
        std::ostringstream refused;
        CHECK(status_of([&] { export_push_batch(court, day(2026, 11, 30), FileFormat::csv, false, refused); }) == Status::permission_denied);
    }
}
