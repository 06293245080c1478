// Expected dates were worked out from data/cn_holidays.tsv and the regime table in periods.md, and
// cross-checked with an independent Python count, not taken from this implementation.
#include <doctest/doctest.h>

#include <string>

#include "credcheck/calendar.hpp"
#include "credcheck/error.hpp"
#include "credcheck/publicity.hpp"

using credcheck::Date;
using credcheck::Error;
using credcheck::PublicityRules;
using credcheck::PublicityTerms;
using credcheck::RecordKind;
using credcheck::Severity;
using credcheck::Status;
using credcheck::WorkingCalendar;

namespace {

Date d(const char* iso) { return Date::parse_or_throw(iso, "test date"); }

const WorkingCalendar& calendar() {
    static const WorkingCalendar c = WorkingCalendar::default_calendar();
    return c;
}

const PublicityRules& rules() {
    static const PublicityRules r = credcheck::default_publicity_rules();
    return r;
}

constexpr const char* kCityBureau = "某市生态环境局";
constexpr const char* kMarketBureau = "某市市场监督管理局";
const std::string k527 = "发改办财金〔2019〕527号";
const std::string k58 = "国家发展改革委令第58号";
const std::string k36 = "国家发展改革委令第36号《信用修复管理办法》";

PublicityTerms penalty(const char* decided, std::optional<Severity> severity, const char* department = kCityBureau) {
    return credcheck::publicity_terms(rules(), calendar(), RecordKind::penalty, d(decided), severity, department);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Checks that the period is confirmed by the calendar and ends on `iso`.
void check_end(const std::optional<WorkingCalendar::PeriodEnd>& end, const char* iso) {
    CAPTURE(iso);
    REQUIRE(end.has_value());
    CHECK(end->date == d(iso));
    CHECK_FALSE(end->provisional);
}

std::string parse_error(const std::string& json) {
    try {
        (void)credcheck::parse_publicity_rules(json, "rules.json");
    } catch (const Error& e) {
        CHECK(e.status() == Status::invalid_argument);
        return e.what();
    }
    FAIL("expected an error");
    return {};
}

const std::string kPeriods = R"({"minor": {"min_months": 3, "max_months": 12}, "general": {"min_months": 3, "max_months": 12},
                                "serious": {"min_months": 6, "max_months": 36}})";

std::string rules_with(const std::string& deadlines, const std::string& regimes) {
    return R"({"version": "t", "deadlines": )" + deadlines + R"(, "regimes": )" + regimes + "}";
}

const std::string kOneDeadline = R"([{"id": "p", "record_kind": "penalty", "working_days": 7, "basis": "b"}])";

std::string one_regime(const std::string& periods) {
    return R"([{"name": "r", "from": "2019-07-01", "basis": "b", "periods": )" + periods + "}]";
}

} // namespace

TEST_SUITE_BEGIN("publicity");

TEST_CASE("the shipped rules have four regimes and a 20-day rule for market regulators") {
    const auto& r = rules();
    CHECK_FALSE(r.version.empty());
    REQUIRE(r.regimes.size() == 4);
    CHECK(r.regimes[0].from == d("2017-07-31")); // the 2017 notice the legal review found missing
    CHECK(r.regimes[1].name == k527);
    CHECK(r.regimes[1].from == d("2019-07-01"));
    CHECK(r.regimes[2].from == d("2023-05-01"));
    CHECK(r.regimes[3].from == d("2026-04-01"));
    REQUIRE(r.deadline_rule(RecordKind::penalty, kMarketBureau) != nullptr);
    CHECK(r.deadline_rule(RecordKind::penalty, kMarketBureau)->working_days == 20);
    CHECK(r.deadline_rule(RecordKind::penalty, kCityBureau)->working_days == 7);
    CHECK(r.deadline_rule(RecordKind::license, kMarketBureau)->working_days == 7);
    CHECK(r.deadline_rule(RecordKind::judgment, kCityBureau) == nullptr);
}

TEST_CASE("a penalty is published within 7 working days, a market regulator's within 20") {
    SUBCASE("decided on the last working day before 春节 2025") {
        const auto t = penalty("2025-01-27", Severity::general);
        REQUIRE(t.publication_deadline.has_value());
        CHECK(*t.publication_deadline == d("2025-02-12"));
        CHECK(t.deadline_rule.starts_with("penalty: 7 working days"));
    }
    SUBCASE("the market regulator's own system: 20 working days") {
        const auto t = penalty("2025-01-24", Severity::general, kMarketBureau);
        REQUIRE(t.publication_deadline.has_value());
        CHECK(*t.publication_deadline == d("2025-02-27"));
        CHECK(t.deadline_rule.starts_with("penalty.market_regulation: 20 working days"));
        CHECK(*penalty("2023-05-01", Severity::serious, "某县市场监管局").publication_deadline == d("2023-05-30"));
    }
}

TEST_CASE("a licence has a publication deadline and no publicity period") {
    const auto t = credcheck::publicity_terms(rules(), calendar(), RecordKind::license, d("2025-01-24"), std::nullopt, kMarketBureau);
    REQUIRE(t.publication_deadline.has_value());
    CHECK(*t.publication_deadline == d("2025-02-10")); // the 20-day rule is for penalties only
    CHECK(t.deadline_rule.starts_with("license: 7 working days"));
    CHECK(t.published);
    CHECK_FALSE(t.publicity_end.has_value());
    CHECK_FALSE(t.earliest_repair.has_value());
    CHECK(t.regime.empty());
    CHECK(t.note.empty());
}

TEST_CASE("a record kind without a rule gets no deadline and says so") {
    const auto t = credcheck::publicity_terms(rules(), calendar(), RecordKind::judgment, d("2025-01-24"), Severity::serious, kCityBureau);
    CHECK_FALSE(t.publication_deadline.has_value());
    CHECK_FALSE(t.publicity_end.has_value());
    CHECK(contains(t.note, "no rule for a judgment decision"));
}

TEST_CASE("a penalty decided from 2017-07-31 to 2019-06-30 is published one year, or three when serious (2017 notice)") {
    const auto t = penalty("2019-06-30", Severity::serious);
    CHECK(*t.publication_deadline == d("2019-07-09"));
    REQUIRE(t.publicity_end.has_value());
    CHECK(t.publicity_end->date == d("2022-06-30"));
    REQUIRE(t.earliest_repair.has_value());
    CHECK(t.earliest_repair->date == t.publicity_end->date); // no earlier repair was read for that regime
    CHECK(penalty("2018-03-01", Severity::general).publicity_end->date == d("2019-03-01"));
}

TEST_CASE("a penalty decided before 2017-07-31 has no publicity period") {
    const auto t = penalty("2017-07-30", Severity::serious);
    CHECK_FALSE(t.publicity_end.has_value());
    CHECK_FALSE(t.earliest_repair.has_value());
    CHECK(t.regime.empty());
    CHECK(contains(t.note, "decided before the first regime"));
    CHECK(contains(t.note, "from 2017-07-31"));
}

TEST_CASE("decided on 2019-07-01, the 527号 periods apply") {
    SUBCASE("general: 3 months to 1 year; the minimum ends on 国庆节 and moves to 10-08") {
        const auto t = penalty("2019-07-01", Severity::general);
        CHECK(t.regime == k527);
        CHECK(*t.publication_deadline == d("2019-07-10"));
        check_end(t.earliest_repair, "2019-10-08");
        check_end(t.publicity_end, "2020-07-01");
    }
    SUBCASE("serious: 6 months to 3 years; the minimum ends on 元旦 and moves to 01-02") {
        const auto t = penalty("2019-07-01", Severity::serious);
        check_end(t.earliest_repair, "2020-01-02");
        check_end(t.publicity_end, "2022-07-01");
    }
}

TEST_CASE("the 58号 boundary on 2023-05-01") {
    SUBCASE("decided the day before: 527号, a serious minimum of 6 months") {
        const auto t = penalty("2023-04-30", Severity::serious);
        CHECK(t.regime == k527);
        CHECK(*t.publication_deadline == d("2023-05-11"));
        check_end(t.earliest_repair, "2023-10-30");
        check_end(t.publicity_end, "2026-04-30");
    }
    SUBCASE("decided on the day: 58号, a serious minimum of 1 year that ends in the 劳动节 holiday") {
        const auto t = penalty("2023-05-01", Severity::serious);
        CHECK(t.regime == k58);
        CHECK(*t.publication_deadline == d("2023-05-11"));
        check_end(t.earliest_repair, "2024-05-06");
        check_end(t.publicity_end, "2026-05-06");
    }
    SUBCASE("general periods are the same on both sides") {
        check_end(penalty("2023-04-30", Severity::general).earliest_repair, "2023-07-31");
        check_end(penalty("2023-04-30", Severity::general).publicity_end, "2024-04-30");
        check_end(penalty("2023-05-01", Severity::general).earliest_repair, "2023-08-01");
        check_end(penalty("2023-05-01", Severity::general).publicity_end, "2024-05-06");
    }
    SUBCASE("a minor penalty takes the general periods under 58号") {
        const auto t = penalty("2023-05-01", Severity::minor);
        CHECK(t.published);
        check_end(t.earliest_repair, "2023-08-01");
        check_end(t.publicity_end, "2024-05-06");
    }
}

TEST_CASE("the 36号 boundary on 2026-04-01") {
    SUBCASE("a minor penalty decided the day before is published with the general periods of 58号") {
        const auto t = penalty("2026-03-31", Severity::minor);
        CHECK(t.regime == k58);
        CHECK(t.published);
        CHECK(*t.publication_deadline == d("2026-04-10"));
        check_end(t.earliest_repair, "2026-06-30");
        REQUIRE(t.publicity_end.has_value());
        CHECK(t.publicity_end->date == d("2027-03-31"));
        CHECK(t.publicity_end->provisional);
        CHECK(contains(t.note, "publicity end 2027-03-31 is provisional"));
    }
    SUBCASE("a minor penalty decided on the day is not published and has no deadline") {
        const auto t = penalty("2026-04-01", Severity::minor);
        CHECK(t.regime == k36);
        CHECK_FALSE(t.published);
        CHECK_FALSE(t.publication_deadline.has_value());
        CHECK(t.deadline_rule.empty());
        check_end(t.publicity_end, "2026-07-01"); // the most a department may still show it
        check_end(t.earliest_repair, "2026-04-01"); // no minimum period
        CHECK(contains(t.note, "not published"));
    }
    SUBCASE("a general penalty decided on the day: 3 months to 1 year") {
        const auto t = penalty("2026-04-01", Severity::general);
        CHECK(t.published);
        CHECK(*t.publication_deadline == d("2026-04-13"));
        check_end(t.earliest_repair, "2026-07-01");
        REQUIRE(t.publicity_end.has_value());
        CHECK(t.publicity_end->date == d("2027-04-01"));
        CHECK(t.publicity_end->provisional);
    }
    SUBCASE("a serious penalty decided on the day: even the minimum lies beyond the calendar") {
        const auto t = penalty("2026-04-01", Severity::serious);
        REQUIRE(t.earliest_repair.has_value());
        CHECK(t.earliest_repair->date == d("2027-04-01"));
        CHECK(t.earliest_repair->provisional);
        CHECK(t.publicity_end->date == d("2029-04-01"));
        CHECK(contains(t.note, "earliest repair 2027-04-01 is provisional"));
    }
}

TEST_CASE("a penalty without a severity gets no guessed period") {
    const auto t = penalty("2024-03-01", std::nullopt);
    CHECK(t.regime == k58);
    CHECK(t.publication_deadline.has_value());
    CHECK_FALSE(t.publicity_end.has_value());
    CHECK(contains(t.note, "no severity"));
}

TEST_CASE("a deadline beyond the calendar is absent, with the reason") {
    const auto t = penalty("2026-12-28", Severity::general);
    CHECK_FALSE(t.publication_deadline.has_value());
    CHECK(t.deadline_rule.starts_with("penalty: 7 working days"));
    CHECK(contains(t.note, "no publication deadline"));
    CHECK(contains(t.note, "does not cover 2027-01-01"));
    REQUIRE(t.publicity_end.has_value());
    CHECK(t.publicity_end->provisional);
}

TEST_CASE("the first matching deadline rule wins") {
    const std::string deadlines = R"([
        {"id": "tax", "record_kind": "penalty", "department_keywords": ["税务"], "working_days": 5, "basis": "b"},
        {"id": "all", "record_kind": "penalty", "working_days": 7, "basis": "b"},
        {"id": "never", "record_kind": "penalty", "department_keywords": ["税务"], "working_days": 30, "basis": "b"}])";
    const auto r = credcheck::parse_publicity_rules(rules_with(deadlines, "[]"), "rules.json");
    CHECK(r.deadline_rule(RecordKind::penalty, "国家税务总局某市税务局")->id == "tax");
    CHECK(r.deadline_rule(RecordKind::penalty, kCityBureau)->id == "all");
    CHECK(r.deadline_rule(RecordKind::license, kCityBureau) == nullptr);
    const auto t = credcheck::publicity_terms(r, calendar(), RecordKind::penalty, d("2025-01-27"), Severity::general, "某市税务局");
    CHECK(*t.publication_deadline == d("2025-02-10"));
    CHECK(contains(t.note, "the rules define no regime"));
}

TEST_CASE("the parser names the JSON path of what is wrong") {
    SUBCASE("not JSON") { CHECK(contains(parse_error("{"), "rules.json: not valid JSON")); }
    SUBCASE("not an object") { CHECK(contains(parse_error("[]"), "rules.json: (top level): must be an object")); }
    SUBCASE("no version") { CHECK(contains(parse_error(R"({"deadlines": [], "regimes": []})"), "rules.json: version: is missing")); }
    SUBCASE("an unknown top-level key") {
        CHECK(contains(parse_error(R"({"version": "t", "deadlines": [], "regimes": [], "regime": []})"), "regime: unknown key"));
    }
    SUBCASE("an unknown record kind") {
        const auto what = parse_error(rules_with(R"([{"id": "x", "record_kind": "fine", "working_days": 7, "basis": "b"}])", "[]"));
        CHECK(contains(what, "deadlines[0].record_kind: 'fine' is not one of license, penalty"));
    }
    SUBCASE("working days that are not a positive whole number") {
        CHECK(contains(parse_error(rules_with(R"([{"id": "x", "record_kind": "penalty", "working_days": 0, "basis": "b"}])", "[]")),
                       "deadlines[0].working_days: 0 is outside 1–366"));
        CHECK(contains(parse_error(rules_with(R"([{"id": "x", "record_kind": "penalty", "working_days": 7.5, "basis": "b"}])", "[]")),
                       "deadlines[0].working_days: must be a whole number"));
    }
    SUBCASE("an empty keyword") {
        const auto what = parse_error(rules_with(
            R"([{"id": "x", "record_kind": "penalty", "department_keywords": ["市场", ""], "working_days": 7, "basis": "b"}])", "[]"));
        CHECK(contains(what, "deadlines[0].department_keywords[1]: must be a non-empty string"));
    }
    SUBCASE("a rule id used twice") {
        const std::string two = R"([{"id": "p", "record_kind": "penalty", "working_days": 7, "basis": "b"},
                                    {"id": "p", "record_kind": "license", "working_days": 7, "basis": "b"}])";
        CHECK(contains(parse_error(rules_with(two, "[]")), "deadlines[1].id: 'p' is used twice"));
    }
    SUBCASE("a regime without a severity") {
        const auto what = parse_error(rules_with(kOneDeadline, one_regime(R"({"general": {"min_months": 3, "max_months": 12},
            "serious": {"min_months": 6, "max_months": 36}})")));
        CHECK(contains(what, "regimes[0].periods.minor: is missing"));
    }
    SUBCASE("a misspelt period key") {
        const auto what = parse_error(rules_with(kOneDeadline, one_regime(R"({"minor": {"min_months": 3, "max_months": 12},
            "general": {"min_months": 3, "max_months": 12}, "serious": {"min_months": 6, "max_month": 36}})")));
        CHECK(contains(what, "regimes[0].periods.serious.max_month: unknown key"));
    }
    SUBCASE("a minimum longer than the maximum") {
        const auto what = parse_error(rules_with(kOneDeadline, one_regime(R"({"minor": {"min_months": 3, "max_months": 12},
            "general": {"min_months": 13, "max_months": 12}, "serious": {"min_months": 6, "max_months": 36}})")));
        CHECK(contains(what, "regimes[0].periods.general.min_months: 13 is more than max_months (12)"));
    }
    SUBCASE("published that is not a boolean") {
        const auto what = parse_error(rules_with(kOneDeadline, one_regime(R"({"minor": {"published": "no", "min_months": 0, "max_months": 3},
            "general": {"min_months": 3, "max_months": 12}, "serious": {"min_months": 6, "max_months": 36}})")));
        CHECK(contains(what, "regimes[0].periods.minor.published: must be true or false"));
    }
    SUBCASE("a regime date in another spelling") {
        const auto what = parse_error(rules_with(kOneDeadline, R"([{"name": "r", "from": "2019/7/1", "basis": "b", "periods": )" + kPeriods + "}]"));
        CHECK(contains(what, "regimes[0].from: '2019/7/1' is not a date spelt YYYY-MM-DD"));
    }
    SUBCASE("regimes out of date order") {
        const std::string regimes = R"([{"name": "a", "from": "2023-05-01", "basis": "b", "periods": )" + kPeriods +
                                    R"(}, {"name": "b", "from": "2019-07-01", "basis": "b", "periods": )" + kPeriods + "}]";
        CHECK(contains(parse_error(rules_with(kOneDeadline, regimes)), "regimes[1].from: 2019-07-01 is not after the previous regime's 2023-05-01"));
    }
    SUBCASE("an about that is not text") {
        CHECK(contains(parse_error(R"({"version": "t", "deadlines": [], "regimes": [], "about": 3})"), "about: must be a string"));
    }
}

TEST_CASE("comments ('about') are accepted anywhere") {
    const auto r = credcheck::parse_publicity_rules(
        rules_with(R"([{"id": "p", "record_kind": "penalty", "working_days": 7, "basis": "b", "about": ["x", "y"]}])",
                   R"([{"name": "r", "from": "2019-07-01", "basis": "b", "about": "z", "periods": )" + kPeriods + "}]"),
        "rules.json");
    CHECK(r.deadlines.size() == 1);
    CHECK(r.regimes.size() == 1);
    CHECK(r.regime_on(d("2019-06-30")) == nullptr);
    CHECK(r.regime_on(d("2019-07-01")) == &r.regimes[0]);
}

TEST_SUITE_END();
