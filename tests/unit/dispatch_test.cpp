// Initiation → dispatch → feedback (seed items 16, 17), and the log of checks it builds on.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "credcheck/dispatch.hpp"
#include "credcheck/objections.hpp"
#include "store/sqlite.hpp"
#include "test_support.hpp"
#include "world.hpp"

using namespace credcheck;
using test::kAsOf;
using test::World;

namespace {

const std::string kCourt = "鄂州市中级人民法院";
const std::string kFinance = "鄂州市财政局";
const std::string kTrading = "鄂州市公共资源交易中心";

std::string debtor_row(int company, const std::string& document, const std::string& expires = "", const std::string& status = "") {
    return fmt::format("samr.serious_illegal,{},公司{},{},{},2026-06-18,{},{},,\n", World::company(company), company, kCourt, document,
                       expires, status);
}

/// procurement ban → finance; bidding restriction → the trading centre.
void route_measures(Database& db) {
    set_measure_routes(db, {{"P.procurement_ban", kFinance, std::nullopt}, {"P.bidding_restriction", kTrading, std::nullopt}}, kAsOf);
}

std::int64_t count_rows(Database& db, const char* sql) {
    sql::Connection c(db.path(), sql::Connection::Mode::read_only, 1000);
    sql::Query q(c.prepared(sql));
    q.step();
    return q.integer(0);
}

Feedback feedback_on(NoticeId id, const std::string& department, FeedbackOutcome outcome, const std::string& reason = "") {
    Feedback f;
    f.notice_id = id;
    f.department = department;
    f.outcome = outcome;
    f.reason = reason;
    f.officer = "张科员";
    f.decided_on = kAsOf;
    f.case_ref = "鄂财采〔2026〕88号";
    return f;
}

} // namespace

TEST_CASE("routes name catalog measures; departments they name are created") {
    World w;
    const auto created = set_measure_routes(w.db(), {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
    CHECK(created == std::vector<std::string>{kFinance});
    CHECK(w.db().find_department(kFinance).has_value());
    REQUIRE(measure_routes(w.db()).size() == 1);

    SUBCASE("an unknown measure is refused and nothing changes") {
        CHECK_THROWS_WITH_AS(set_measure_routes(w.db(), {{"P.procurement_ban", kTrading, std::nullopt}, {"P.no_such", kTrading, std::nullopt}},
                                                kAsOf),
                             doctest::Contains("has no measure 'P.no_such'"), Error);
        CHECK(measure_routes(w.db()).size() == 1);
        CHECK_FALSE(w.db().find_department(kTrading).has_value());
    }
    SUBCASE("setting a measure's routes replaces them") {
        set_measure_routes(w.db(), {{"P.procurement_ban", kTrading, std::nullopt}}, kAsOf);
        const auto routes = measure_routes(w.db());
        REQUIRE(routes.size() == 1);
        CHECK(routes[0].department == kTrading);
    }
}

TEST_CASE("a new list entry sends a notice to every department implementing a measure its list triggers") {
    World w;
    route_measures(w.db());
    w.entries(debtor_row(1, "(2026)鄂07执1号"));

    const auto finance = inbox(w.db(), kFinance);
    REQUIRE(finance.size() == 1);
    CHECK(finance[0].kind == NoticeKind::apply);
    CHECK(finance[0].cause == NoticeCause::entered);
    CHECK(finance[0].measure_code == "P.procurement_ban");
    CHECK(finance[0].list_code == "samr.serious_illegal");
    CHECK(finance[0].subject_code == World::company(1));
    CHECK(finance[0].initiating_department == kCourt);
    CHECK(finance[0].document_no == "(2026)鄂07执1号");
    CHECK_FALSE(finance[0].feedback.has_value());
    CHECK(inbox(w.db(), kTrading).size() == 1);

    SUBCASE("importing the same file again sends nothing new") {
        w.entries(debtor_row(1, "(2026)鄂07执1号"));
        CHECK(count_rows(w.db(), "SELECT count(*) FROM notices") == 2);
        CHECK(dispatch_notices(w.db(), kAsOf).apply == 0);
    }
    SUBCASE("a list that triggers no routed measure sends nothing") {
        w.entries("tax.a_grade," + World::company(2) + ",乙公司,国家税务总局鄂州市税务局,A2026-1,2026-04-01,2027-04-01,,,\n");
        CHECK(count_rows(w.db(), "SELECT count(*) FROM notices") == 2);
    }
    SUBCASE("a department routed later is told about the entries already in force") {
        set_measure_routes(w.db(), {{"P.land_restriction", "鄂州市自然资源和规划局", std::nullopt}}, kAsOf);
        REQUIRE(inbox(w.db(), "鄂州市自然资源和规划局").size() == 1);
    }
    SUBCASE("an unknown department has no inbox") {
        CHECK_THROWS_WITH_AS(inbox(w.db(), "鄂州市不存在局"), doctest::Contains("no department '鄂州市不存在局'"), Error);
    }
}

TEST_CASE("implementing departments answer notices with feedback; the initiating department sees it") {
    World w;
    route_measures(w.db());
    w.entries(debtor_row(1, "(2026)鄂07执1号"));
    const NoticeId notice = inbox(w.db(), kFinance).at(0).id;

    SUBCASE("applied") {
        record_feedback(w.db(), feedback_on(notice, kFinance, FeedbackOutcome::applied));
        CHECK(inbox(w.db(), kFinance).empty());
        const auto all = inbox(w.db(), kFinance, true);
        REQUIRE(all.size() == 1);
        CHECK(all[0].feedback == FeedbackOutcome::applied);

        const auto status = dispatch_status(w.db(), kCourt);
        REQUIRE(status.size() == 1);
        CHECK(status[0].notices == 2);
        CHECK(status[0].answered == 1);
        CHECK(status[0].applied == 1);
        CHECK(status[0].lifts == 0);

        CHECK_THROWS_WITH_AS(record_feedback(w.db(), feedback_on(notice, kFinance, FeedbackOutcome::applied)),
                             doctest::Contains("already has feedback"), Error);
    }
    SUBCASE("not applied needs a reason") {
        CHECK_THROWS_WITH_AS(record_feedback(w.db(), feedback_on(notice, kFinance, FeedbackOutcome::not_applied)),
                             doctest::Contains("must say why"), Error);
        record_feedback(w.db(), feedback_on(notice, kFinance, FeedbackOutcome::not_applied, "采购已于名单发布前完成"));
        CHECK(dispatch_status(w.db(), kCourt).at(0).not_applied == 1);
    }
    SUBCASE("officer and case reference are mandatory") {
        auto f = feedback_on(notice, kFinance, FeedbackOutcome::applied);
        f.officer.clear();
        CHECK_THROWS_WITH_AS(record_feedback(w.db(), f), doctest::Contains("officer"), Error);
        f = feedback_on(notice, kFinance, FeedbackOutcome::applied);
        f.case_ref.clear();
        CHECK_THROWS_WITH_AS(record_feedback(w.db(), f), doctest::Contains("case reference"), Error);
    }
    SUBCASE("another department cannot answer the notice") {
        try {
            record_feedback(w.db(), feedback_on(notice, kTrading, FeedbackOutcome::applied));
            FAIL("expected permission_denied");
        } catch (const Error& e) {
            CHECK(e.status() == Status::permission_denied);
        }
        CHECK(count_rows(w.db(), "SELECT count(*) FROM feedback") == 0);
    }
    SUBCASE("an unknown notice") {
        CHECK_THROWS_WITH_AS(record_feedback(w.db(), feedback_on(notice + 100, kFinance, FeedbackOutcome::applied)),
                             doctest::Contains("no notice"), Error);
    }
}

TEST_CASE("when an entry ends, the departments told to apply its measures are told to lift them") {
    World w;
    route_measures(w.db());
    SUBCASE("removed by the initiating department") {
        w.entries(debtor_row(1, "(2026)鄂07执1号"));
        w.entries(debtor_row(1, "(2026)鄂07执1号", "", "removed"));
        const auto finance = inbox(w.db(), kFinance);
        REQUIRE(finance.size() == 2);
        CHECK(finance[0].kind == NoticeKind::lift);
        CHECK(finance[0].cause == NoticeCause::removed);
        CHECK(dispatch_status(w.db(), kCourt).at(0).lifts == 2);
    }
    SUBCASE("expired: the office's clock reaches the expiry") {
        w.clock(*Date::from_ymd(2026, 12, 31));
        w.entries(debtor_row(1, "(2026)鄂07执1号", "2027-01-01"));
        CHECK(dispatch_notices(w.db(), *Date::from_ymd(2026, 12, 31)).lift == 0); // last day in force
        w.clock(*Date::from_ymd(2027, 1, 1));
        const auto counts = dispatch_notices(w.db(), *Date::from_ymd(2027, 1, 1));
        CHECK(counts.lift == 2);
        CHECK(inbox(w.db(), kTrading).at(0).cause == NoticeCause::expired);
        w.clock(*Date::from_ymd(2027, 1, 2));
        CHECK(dispatch_notices(w.db(), *Date::from_ymd(2027, 1, 2)).lift == 0);
    }
    SUBCASE("a caller's later date is refused and lifts nothing, whoever asks (issue 11)") {
        w.clock(*Date::from_ymd(2026, 12, 31));
        w.entries(debtor_row(1, "(2026)鄂07执1号", "2028-01-01"));
        for (const Principal& who : {Principal::credit_office(), Principal{kFinance, AccessRole::implementing, "张科员"},
                                     Principal{kCourt, AccessRole::initiating, "王法官"}}) {
            Database as = w.db().as(who);
            CHECK(test::status_of([&] { dispatch_notices(as, *Date::from_ymd(2100, 1, 1)); }) == Status::invalid_argument);
            CHECK(test::status_of([&] { dispatch_notices(as, *Date::from_ymd(2027, 1, 1)); }) == Status::invalid_argument);
        }
        // A later date smuggled in through an import's date reaches no further than the clock.
        ImportOptions o;
        o.kind = ImportKind::lists;
        o.today = *Date::from_ymd(2099, 1, 1);
        import_file(w.db(), test::write_text(w.dir() / "late.csv", "list,subject_code,subject_name,department,document_no,entered_on\n"
                                                                  "samr.serious_illegal," + World::company(2) + ",乙," + kCourt +
                                                                      ",(2026)鄂07执2号,2026-12-01\n"),
                    o);
        CHECK(count_rows(w.db(), "SELECT count(*) FROM notices WHERE kind = 'lift'") == 0);
        CHECK(count_rows(w.db(), "SELECT count(*) FROM notices WHERE created_on > '2026-12-31'") == 0);
        w.clock(*Date::from_ymd(2028, 1, 1)); // the real day comes: the real lift notices go out
        CHECK(dispatch_notices(w.db(), *Date::from_ymd(2028, 1, 1)).lift == 2);
    }
    SUBCASE("an entry already ended when first imported sends nothing") {
        w.entries(debtor_row(1, "(2026)鄂07执1号", "2026-07-01"));
        CHECK(count_rows(w.db(), "SELECT count(*) FROM notices") == 0);
    }
}

TEST_CASE("every check is logged, and departments give feedback on the decisions they acted on") {
    World w;
    w.entries(debtor_row(1, "(2026)鄂07执1号"));
    const Decision d = w.check(World::company(1), "gov_procurement");
    CHECK(count_rows(w.db(), "SELECT count(*) FROM checks WHERE verdict = 'deny' AND scenario = 'gov_procurement' "
                             "AND measures LIKE '%P.procurement_ban%'") == 1);

    Feedback f;
    f.decision_id = d.receipt.id;
    f.measure_code = "P.procurement_ban";
    f.department = kCourt; // any known department may report on its decision
    f.outcome = FeedbackOutcome::applied;
    f.officer = "张科员";
    f.decided_on = kAsOf;
    f.case_ref = "采购项目 EZ-2026-17";
    CHECK(record_feedback(w.db(), f) > 0);

    f.decision_id = "no-such-decision";
    CHECK_THROWS_WITH_AS(record_feedback(w.db(), f), doctest::Contains("no logged check decision 'no-such-decision'"), Error);

    SUBCASE("a checker that does not record leaves no trace") {
        CheckRequest r;
        r.subject = World::company(1);
        r.scenario = "gov_procurement";
        r.as_of = kAsOf;
        Checker(w.db(), CheckerOptions{false}).check(r);
        CHECK(count_rows(w.db(), "SELECT count(*) FROM checks") == 1);
    }
    SUBCASE("a read-only database is checked without recording") {
        const Database ro = Database::open(w.db().path(), read_only_options());
        CheckRequest r;
        r.subject = World::company(1);
        r.scenario = "gov_procurement";
        CHECK(Checker(ro).check(r).verdict == Verdict::deny);
        CHECK(count_rows(w.db(), "SELECT count(*) FROM checks") == 1);
    }
    SUBCASE("a batch logs every decision; flush_log() writes at once") {
        const Checker checker(w.db());
        CheckRequest r;
        r.scenario = "public_bidding";
        r.as_of = kAsOf;
        const std::vector<std::string> bidders = {World::company(1), World::company(2), World::company(3)};
        checker.check_batch(bidders, r);
        checker.flush_log();
        CHECK(count_rows(w.db(), "SELECT count(*) FROM checks WHERE scenario = 'public_bidding'") == 3);
    }
}
