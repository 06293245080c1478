#include <doctest/doctest.h>

#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/import.hpp"
#include "credcheck/objections.hpp"
#include "sample_data.hpp"
#include "world.hpp"
#include "serialize/decision_json.hpp"
#include "store/sqlite.hpp"

using namespace credcheck;
using test::TempDir;
using test::World;
using test::kAsOf;

namespace {

std::vector<std::string> codes_of(const std::vector<AppliedMeasure>& measures) {
    std::vector<std::string> out;
    for (const auto& m : measures) out.push_back(m.code);
    return out;
}

bool has(const std::vector<AppliedMeasure>& measures, const std::string& code) {
    const auto c = codes_of(measures);
    return std::find(c.begin(), c.end(), code) != c.end();
}

} // namespace

TEST_CASE("a valid code with no data is not found and allowed; bad questions are errors") {
    World w;
    const Decision d = w.check(World::company(1), "gov_procurement");
    CHECK_FALSE(d.subject.found);
    CHECK(d.subject.code == World::company(1));
    CHECK(d.verdict == Verdict::allow);
    CHECK(d.measures.empty());
    CHECK(d.receipt.catalog_version == default_catalog().version);
    CHECK(d.receipt.id.size() == 32);

    CHECK_THROWS_WITH_AS(w.check("91350100M000100Y44", "gov_procurement"), doctest::Contains("check character is '4', expected '3'"), Error);
    try {
        w.check(World::company(1), "no_such_scenario");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::invalid_argument);
        CHECK(std::string(e.what()).find("unknown scenario 'no_such_scenario'") != std::string::npos);
    }
}

TEST_CASE("a black-listed bidder is denied with the measure's reason trail") {
    World w;
    w.entries("court.dishonest_debtor," + World::company(1) + ",甲公司,鄂州市中级人民法院,(2024)鄂07执1号,2024-06-18,,,,\n");
    const Decision d = w.check(World::company(1), "gov_procurement");
    CHECK(d.subject.found);
    CHECK(d.subject.name == "甲公司");
    CHECK(d.verdict == Verdict::deny);
    REQUIRE(d.measures.size() == 1);
    const AppliedMeasure& m = d.measures[0];
    CHECK(m.code == "P.procurement_ban");
    CHECK(m.effect == Effect::prohibit);
    CHECK(m.via == Via::self);
    CHECK(m.legal_basis.find("政府采购法") == 0);
    REQUIRE(m.source);
    CHECK(m.source->list_code == "court.dishonest_debtor");
    CHECK(m.source->subject_code == World::company(1));
    CHECK(m.source->department == "鄂州市中级人民法院");
    CHECK(m.source->document_no == "(2024)鄂07执1号");
    CHECK(m.source->entered_on.iso() == "2024-06-18");
    CHECK_FALSE(m.source->expires_on);

    SUBCASE("the same entry triggers other measures in other scenarios, and none where the catalog has none") {
        CHECK(codes_of(w.check(World::company(1), "public_bidding").measures) == std::vector<std::string>{"P.bidding_restriction"});
        CHECK(w.check(World::company(1), "tax_admin").verdict == Verdict::allow);
    }
}

TEST_CASE("only entries in force on the check date count") {
    World w;
    w.entries("court.dishonest_debtor," + World::company(1) + ",甲,法院,A1,2024-01-01,2026-11-28,,,\n"   // expires on the date
              "court.dishonest_debtor," + World::company(2) + ",乙,法院,B1,2026-11-28,,,,\n"             // entered on the date
              "court.dishonest_debtor," + World::company(3) + ",丙,法院,C1,2026-11-29,,,,\n"             // entered the day after
              "court.dishonest_debtor," + World::company(4) + ",丁,法院,D1,2024-01-01,,removed,,\n"      // removed
              "court.dishonest_debtor," + World::company(5) + ",戊,法院,E1,2024-01-01,,repaired,,\n");   // repaired
    CHECK(w.check(World::company(1), "gov_procurement").verdict == Verdict::allow);
    CHECK(w.check(World::company(1), "gov_procurement", kAsOf.plus_days(-1)).verdict == Verdict::deny);
    CHECK(w.check(World::company(2), "gov_procurement").verdict == Verdict::deny);
    CHECK(w.check(World::company(3), "gov_procurement").verdict == Verdict::allow);
    CHECK(w.check(World::company(4), "gov_procurement").verdict == Verdict::allow);
    CHECK(w.check(World::company(5), "gov_procurement").verdict == Verdict::allow);
}

TEST_CASE("punishment reaches the person through the organisation (落实到人)") {
    World w;
    w.subjects(World::company(1) + ",甲公司,legal_person,2010-01-01,active\n" + World::company(2) + ",乙公司,legal_person,2010-01-01,active\n");
    w.relations(World::company(1) + "," + World::person(1) + ",张一,legal_representative,2015-01-01,\n" +
                World::company(2) + "," + World::person(2) + ",李二,legal_representative,2015-01-01,2026-11-01\n" +
                World::company(1) + "," + World::person(3) + ",王三,principal,,\n");
    w.entries("court.dishonest_debtor," + World::company(1) + ",甲公司,法院,A1,2024-01-01,,,,\n"
              "court.dishonest_debtor," + World::company(2) + ",乙公司,法院,B1,2024-01-01,,,,\n"
              "samr.abnormal_operation," + World::company(2) + ",乙公司,市场监管局,B2,2024-01-01,,,,\n"
              "tax.major_violation," + World::company(3) + ",丙公司,税务局,C1,2024-01-01,,," + World::person(4) + ",赵四\n");

    SUBCASE("the legal representative on the date is barred, with the role and the listed organisation named") {
        const Decision d = w.check(World::person(1), "high_consumption");
        CHECK(d.verdict == Verdict::deny);
        REQUIRE(d.measures.size() == 1);
        CHECK(d.measures[0].code == "P.high_consumption");
        CHECK(d.measures[0].via == Via::organization);
        CHECK(d.measures[0].role == "legal_representative");
        CHECK(d.measures[0].source->subject_code == World::company(1));
        CHECK(d.measures[0].reason.find("甲公司") != std::string::npos);
    }
    SUBCASE("a legal representative whose term ended before the date is not") {
        CHECK(w.check(World::person(2), "high_consumption").verdict == Verdict::allow);
        CHECK(w.check(World::person(2), "high_consumption", *Date::from_ymd(2026, 10, 31)).verdict == Verdict::deny);
    }
    SUBCASE("a principal is reached only by measures that target principals") {
        CHECK(w.check(World::person(3), "high_consumption").verdict == Verdict::deny); // targets PR
        CHECK(w.check(World::person(3), "exit").verdict == Verdict::allow);            // targets NP and LR only
        CHECK(w.check(World::person(1), "exit").verdict == Verdict::deny);
    }
    SUBCASE("a person recorded on the entry is reached as responsible person") {
        const Decision d = w.check(World::person(4), "high_consumption");
        REQUIRE(d.measures.size() == 1);
        CHECK(d.measures[0].role == "responsible_person");
        CHECK(d.measures[0].source->list_code == "tax.major_violation");
    }
    SUBCASE("attention lists do not reach the person") {
        CHECK(w.check(World::person(2), "admin_inspection", *Date::from_ymd(2026, 10, 31)).measures.empty());
    }
}

TEST_CASE("awards candidates answer for their legal representative and principal") {
    World w;
    w.subjects(World::company(1) + ",甲酒店,legal_person,2010-01-01,active\n");
    w.relations(World::company(1) + "," + World::person(1) + ",李明,legal_representative,2015-01-01,2026-12-01\n");
    w.entries("court.dishonest_debtor," + World::person(1) + ",李明,法院,P1,2025-08-20,,,,\n");

    const Decision d = w.check(World::company(1), "honors");
    CHECK(d.verdict == Verdict::deny);
    REQUIRE(d.measures.size() == 1);
    CHECK(d.measures[0].code == "P.honors_ban");
    CHECK(d.measures[0].via == Via::legal_representative);
    CHECK(d.measures[0].source->subject_code == World::person(1));
    CHECK(serialize::decision_json(d, serialize::PersonalData::masked)["measures"][0]["source"]["subject_code"] ==
          mask_personal_id(World::person(1)));
    CHECK(d.measures[0].reason.find(World::person(1)) == std::string::npos); // ID masked in the reason too

    SUBCASE("only in the scenarios the catalog names") { CHECK(w.check(World::company(1), "gov_procurement").verdict == Verdict::allow); }
    SUBCASE("not after the person's term ended") {
        CHECK(w.check(World::company(1), "honors", *Date::from_ymd(2026, 12, 1)).verdict == Verdict::allow);
    }
}

TEST_CASE("a pending objection suspends the measures of its entry") {
    World w;
    w.entries("samr.serious_illegal," + World::company(1) + ",甲,市场监管局,S1,2026-03-02,2029-03-02,,,\n");
    const ObjectionId id = file_objection(w.db(), ObjectionTarget::entry, w.entry_of(World::company(1)), *Date::from_ymd(2026, 11, 20),
                                          "甲", "材料系伪造");
    SUBCASE("while pending: suspended, verdict review") {
        const Decision d = w.check(World::company(1), "gov_procurement");
        CHECK(d.verdict == Verdict::review);
        CHECK(d.measures.empty());
        REQUIRE(d.suspended.size() == 1);
        CHECK(d.suspended[0].code == "P.procurement_ban");
        CHECK(d.suspended[0].objection_id == id);
        CHECK(w.check(World::company(1), "gov_procurement", *Date::from_ymd(2026, 11, 19)).verdict == Verdict::deny); // before filing
    }
    SUBCASE("upheld the day before the check: the measures apply again") {
        resolve_objection(w.db(), id, ObjectionOutcome::upheld, kAsOf.plus_days(-1), "市场监管局", "核实无误");
        CHECK(w.check(World::company(1), "gov_procurement").verdict == Verdict::deny);
        CHECK(w.check(World::company(1), "gov_procurement", kAsOf.plus_days(-2)).verdict == Verdict::review);
    }
    SUBCASE("revoked: the entry is gone") {
        resolve_objection(w.db(), id, ObjectionOutcome::revoked, kAsOf, "市场监管局", "确属错误，撤销");
        CHECK(w.check(World::company(1), "gov_procurement").verdict == Verdict::allow);
    }
    SUBCASE("refusals: a second pending objection, resolving twice, resolving before filing") {
        CHECK_THROWS_AS(file_objection(w.db(), ObjectionTarget::entry, w.entry_of(World::company(1)), kAsOf, "甲", "again"), Error);
        CHECK_THROWS_AS(resolve_objection(w.db(), id, ObjectionOutcome::upheld, *Date::from_ymd(2026, 11, 1), "x", "y"), Error);
        resolve_objection(w.db(), id, ObjectionOutcome::upheld, kAsOf, "x", "y");
        CHECK_THROWS_AS(resolve_objection(w.db(), id, ObjectionOutcome::upheld, kAsOf, "x", "y"), Error);
        CHECK_THROWS_AS(file_objection(w.db(), ObjectionTarget::record, 424242, kAsOf, "甲", "no such record"), Error);
    }
}

TEST_CASE("three clean years earn the green channel and 容缺受理 in licensing") {
    World w;
    w.subjects(World::company(1) + ",老字号,legal_person,2023-11-28,active\n" +   // exactly three years
               World::company(2) + ",新公司,legal_person,2023-11-29,active\n" +   // one day short
               World::company(3) + ",有罚,legal_person,2010-01-01,active\n" +
               World::company(4) + ",轻罚,legal_person,2010-01-01,active\n" +
               World::company(5) + ",旧罚,legal_person,2010-01-01,active\n" +
               World::company(6) + ",无日期,legal_person,,active\n");
    w.penalties("F1," + World::company(3) + ",有罚,市场监管局,2025-05-05,罚款,general\n"
                "F2," + World::company(4) + ",轻罚,市场监管局,2025-05-05,警告,\n"
                "F3," + World::company(5) + ",旧罚,市场监管局,2023-11-27,罚款,serious\n");
    w.entries("court.dishonest_debtor," + World::company(50) + ",他人,法院,Z,2024-01-01,,,,\n"); // lists are loaded
    const Decision clean = w.check(World::company(1), "admin_license");
    CHECK(clean.verdict == Verdict::favor);
    CHECK(codes_of(clean.measures) == std::vector<std::string>{"I.green_channel", "I.accept_pending_materials"});
    CHECK_FALSE(clean.measures[0].source);
    CHECK(clean.green_channel.eligible);
    CHECK(clean.green_channel.reason == "no adverse record since 2023-11-28");

    CHECK_FALSE(w.check(World::company(2), "admin_license").green_channel.eligible);
    CHECK(w.check(World::company(2), "admin_license").green_channel.reason.find("established 2023-11-29, less than 3 years ago") != std::string::npos);
    const Decision penalised = w.check(World::company(3), "admin_license");
    CHECK(penalised.verdict == Verdict::allow);
    CHECK(penalised.green_channel.reason.find("adverse record: penalty F1 decided 2025-05-05 (general)") != std::string::npos);
    CHECK(w.check(World::company(4), "admin_license").green_channel.eligible); // a warning is minor
    CHECK(w.check(World::company(5), "admin_license").green_channel.eligible); // the day before the window
    CHECK(w.check(World::company(6), "admin_license").green_channel.reason.find("establishment date unknown") != std::string::npos);
    CHECK(w.check(World::company(1), "gov_procurement").measures.empty()); // the rule is for licensing only
}

TEST_CASE("the verdict follows the precedence deny > restrict > review > favor > allow") {
    World w;
    w.subjects(World::company(9) + ",吊销公司,legal_person,2010-01-01,revoked\n");
    w.entries("court.dishonest_debtor," + World::company(1) + ",甲,法院,A,2024-01-01,,,,\n"
              "samr.abnormal_operation," + World::company(2) + ",乙,市场监管局,B,2024-01-01,,,,\n"
              "tax.a_grade," + World::company(3) + ",丙,税务局,C,2026-04-01,2027-04-01,,,\n"
              "credit.model," + World::company(4) + ",丁,信用办,D1,2025-01-01,,,,\n"
              "court.dishonest_debtor," + World::company(4) + ",丁,法院,D2,2026-01-01,,,,\n");
    CHECK(w.check(World::company(1), "financing").verdict == Verdict::restrict); // P.financing_pricing
    CHECK(w.check(World::company(1), "fiscal_funds").verdict == Verdict::deny);  // prohibit beats scrutinize
    CHECK(w.check(World::company(2), "admin_inspection").verdict == Verdict::review);
    CHECK(w.check(World::company(3), "financing").verdict == Verdict::favor);
    CHECK(w.check(World::company(9), "financing").verdict == Verdict::review);   // revoked registration

    SUBCASE("a punished subject gets no incentive, even from a red list (奖惩并重)") {
        const Decision d = w.check(World::company(4), "admin_license");
        CHECK(d.verdict == Verdict::restrict);
        CHECK_FALSE(has(d.measures, "I.green_channel"));
        CHECK(has(d.measures, "P.cancel_conveniences"));
        CHECK_FALSE(d.green_channel.eligible);
        CHECK(d.green_channel.reason.find("punishment applies") == 0);
    }
}

TEST_CASE("a batch checks every subject against one data state, in order") {
    World w;
    w.entries("court.dishonest_debtor," + World::company(2) + ",乙,法院,B,2024-01-01,,,,\n");
    CheckRequest common;
    common.scenario = "public_bidding";
    common.as_of = kAsOf;
    const std::vector<std::string> bidders = {World::company(1), World::company(2), World::company(3)};
    const auto decisions = Checker(w.db()).check_batch(bidders, common);
    REQUIRE(decisions.size() == 3);
    CHECK(decisions[0].verdict == Verdict::allow);
    CHECK(decisions[1].verdict == Verdict::deny);
    CHECK(decisions[2].subject.code == World::company(3));
    CHECK(decisions[0].receipt.data_version == decisions[2].receipt.data_version);
    CHECK(decisions[0].receipt.id != decisions[1].receipt.id);
    const std::vector<std::string> bad = {World::company(1), "nonsense"};
    CHECK_THROWS_WITH_AS(Checker(w.db()).check_batch(bad, common), doctest::Contains("subject #2"), Error);
}

TEST_CASE("a checker picks up a newly installed catalog") {
    World w;
    w.entries("samr.abnormal_operation," + World::company(1) + ",甲,市场监管局,A,2024-01-01,,,,\n");
    const Checker checker(w.db());
    CheckRequest r;
    r.subject = World::company(1);
    r.scenario = "gov_procurement";
    r.as_of = kAsOf;
    CHECK(checker.check(r).verdict == Verdict::review);
    Catalog c = default_catalog();
    std::string json = c.json;
    json.replace(json.find(R"("version": ")" + c.version), 13 + c.version.size(), R"("version": "test-2")");
    const std::string old_scope = R"("admin_inspection",
        "honors",
        "gov_procurement")";
    REQUIRE(json.find(old_scope) != std::string::npos);
    json.replace(json.find(old_scope), old_scope.size(), R"("admin_inspection", "honors")");
    install_catalog(w.db(), parse_catalog(json, "edited"), "test");
    const Decision d = checker.check(r);
    CHECK(d.receipt.catalog_version == "test-2");
    CHECK(d.verdict == Verdict::allow);
}

TEST_CASE("the catalog loader refuses unsafe measures") {
    const auto with_measure = [](const std::string& measure) {
        std::string json = default_catalog().json;
        json.replace(json.find(R"("measures": [)"), 13, R"("measures": [)" + measure + ",");
        try {
            parse_catalog(json, "test");
        } catch (const Error& e) {
            CHECK(e.status() == Status::catalog_invalid);
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const std::string common = R"("name": "x", "targets": ["E"], "scenarios": ["honors"])";
    CHECK(with_measure(R"({"code": "P.x", "effect": "prohibit", )" + common + R"(, "triggers": {"colours": ["black"]}})")
              .find("needs a legal basis") != std::string::npos);
    CHECK(with_measure(R"({"code": "P.x", "effect": "prohibit", "legal_basis": "b", )" + common + R"(, "triggers": {"lists": ["nope"]}})")
              .find("unknown list 'nope'") != std::string::npos);
    CHECK(with_measure(R"({"code": "P.x", "effect": "prohibit", "legal_basis": "b", "name": "x", "targets": ["E"], "scenarios": ["moon"], "triggers": {"colours": ["black"]}})")
              .find("unknown scenario 'moon'") != std::string::npos);
    CHECK(with_measure(R"({"code": "I.x", "effect": "incentive", )" + common + R"(, "triggers": {"lists": ["court.dishonest_debtor"]}})")
              .find("an incentive triggered by") != std::string::npos);
    CHECK(with_measure(R"({"code": "P.procurement_ban", "effect": "prohibit", "legal_basis": "b", )" + common + R"(, "triggers": {"colours": ["black"]}})")
              .find("measure code 'P.procurement_ban' appears twice") != std::string::npos);
    CHECK(with_measure(R"({"code": "P.x", "effect": "prohibit", "legal_basis": "b", )" + common + R"(, "triggers": {}})")
              .find("nothing triggers it") != std::string::npos);
}

TEST_CASE("a catalog with a value of the wrong type or size is invalid, not an internal error or UB") {
    // Found by fuzz_catalog: parse_catalog let nlohmann's own exceptions escape instead of throwing
    // Error(catalog_invalid) — out_of_range for a number too large for a double, type_error from
    // Json::value() for an optional field of the wrong type — and converted rules.three_clean_years.years
    // to int unchecked (1e300: undefined behaviour).
    const auto parse = [](const std::string& from, const std::string& to) {
        std::string json = default_catalog().json;
        const auto at = json.find(from);
        REQUIRE(at != std::string::npos);
        json.replace(at, from.size(), to);
        try {
            parse_catalog(json, "test");
        } catch (const Error& e) {
            CHECK(e.status() == Status::catalog_invalid);
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(parse(R"("version")", R"("size": 1e30083648, "version")").find("not valid JSON") != std::string::npos);
    const std::string measure = R"("measures": [{"code": "P.x", "name": "x", "effect": "prohibit", "targets": ["E"], "scenarios": ["honors"], "legal_basis": "b", "triggers": {"colours": ["black"]}, )";
    CHECK(parse(R"("measures": [)", measure + R"("implementing": true},)").find(R"("implementing" must be a string)") != std::string::npos);
    CHECK(parse(R"("measures": [)", measure + R"("basis_verified": "yes"},)").find(R"("basis_verified" must be true or false)") != std::string::npos);
    CHECK(parse(R"("measures": [)", measure + R"("green_channel": 1},)").find(R"("green_channel" must be true or false)") != std::string::npos);
    CHECK(parse(R"("years": 3)", R"("years": 1e300)").find("years must be 1 to 10") != std::string::npos);
    CHECK(parse(R"("years": 3)", R"("years": "3")").find("years must be 1 to 10") != std::string::npos);
    CHECK(parse(R"("years": 3)", R"("years": 11)").find("years must be 1 to 10") != std::string::npos);
    CHECK(parse(R"("years": 3)", R"("years": 5)") == "accepted");
    CHECK(parse(R"("three_clean_years": {)", R"("three_clean_years": 3, "x": {)").find("must be an object") != std::string::npos);
}

TEST_CASE("the decision JSON has exactly the documented shape") {
    World w;
    w.entries("court.dishonest_debtor," + World::company(1) + ",甲,法院,A,2024-01-01,,,,\n");
    const auto j = serialize::decision_json(w.check(World::company(1), "gov_procurement"), serialize::PersonalData::masked);
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"verdict", "subject", "scenario", "as_of", "measures", "suspended", "green_channel", "receipt",
                                           "caveats", "logged", "log_error"});
    CHECK(j["subject"].size() == 5);
    const auto& source = j["measures"][0]["source"];
    for (const char* k : {"list", "entry_id", "subject_code", "subject_name", "department", "document_no", "legal_basis", "entered_on", "expires_on"})
        CHECK(source.contains(k));
    for (const char* k : {"code", "name", "effect", "via", "role", "source"}) CHECK(j["measures"][0].contains(k));
    for (const char* k : {"id", "data_version", "catalog_version", "library_version"}) CHECK(j["receipt"].contains(k));
}

TEST_CASE("a corrupt stored value is a database error, never quietly replaced by a default") {
    World w;
    w.entries("court.dishonest_debtor," + World::company(1) + ",甲,法院,A,2024-01-01,,,,\n");
    {
        sql::Connection raw(w.db().path(), sql::Connection::Mode::read_write, 1000);
        raw.exec("PRAGMA ignore_check_constraints = 1; UPDATE subjects SET kind = 'martian'");
    }
    try {
        w.check(World::company(1), "gov_procurement");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::database_error);
        CHECK(std::string(e.what()).find("martian") != std::string::npos);
    }
}
