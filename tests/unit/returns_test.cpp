// What department replicas return to the credit office (issue 14): their checks, feedback and the
// objections received at their windows, signed with the department's key and verified against the one
// the office registered.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "credcheck/audit.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/report.hpp"
#include "credcheck/returns.hpp"
#include "feed_support.hpp"
#include "test_support.hpp"

using namespace credcheck;
using namespace credcheck::test;

namespace {

const std::string kCourt = "鄂州市中级人民法院";
const std::string kFinance = "鄂州市财政局";

/// An office with a replica at the finance bureau, whose key the office registered.
struct City {
    FeedWorld office;
    std::filesystem::path replica_path;
    GeneratedKeyPair finance_key;

    City() : finance_key(generate_signing_key(office.dir() / "finance")) {
        office.subjects(World::company(1) + ",甲公司,legal_person,2010-01-01,active\n" + World::company(2) + ",乙公司,legal_person,2010-01-01,active\n");
        office.entries("samr.serious_illegal," + World::company(1) + ",甲公司,鄂州市市场监督管理局,鄂市监严失〔2026〕1号,2026-01-05,2029-01-05,,,\n");
        office.routes_for_finance();
        office.publish();
        replica_path = office.replica_from(office.snapshot("s.ccsnap"), "finance.db");
        register_department_key(office.db(), kFinance, finance_key.public_key);
    }

    Database finance() { return open_replica(replica_path).as(Principal{kFinance, AccessRole::implementing, "张科员"}); }

    OutboxInfo export_return(const std::string& name) {
        OutboxOptions o;
        o.key = finance_key.private_key;
        o.file = office.dir() / name;
        return export_outbox(finance(), o);
    }
};

Decision check_at(const Database& db, const std::string& code) {
    CheckRequest r;
    r.subject = code;
    r.scenario = "gov_procurement";
    r.as_of = kAsOf;
    r.purpose = "采购项目 2026-88";
    const Checker checker(db);
    Decision d = checker.check(r);
    checker.flush_log();
    return d;
}

} // namespace

// FeedWorld has no routes helper of its own: the finance bureau is made known to the office.
void FeedWorld::routes_for_finance() { set_measure_routes(db(), {MeasureRoute{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf); }

TEST_CASE("a department's return reaches the office as the department's acts, and importing it again changes nothing") {
    City city;
    Database finance = city.finance();
    const Decision d = check_at(finance, World::company(1));
    CHECK(d.verdict == Verdict::deny);
    Feedback f;
    f.decision_id = d.receipt.id;
    f.department = kFinance;
    f.outcome = FeedbackOutcome::applied;
    f.officer = "张科员";
    f.decided_on = kAsOf;
    f.case_ref = "采购2026-88";
    record_feedback(finance, f);
    receive_objection(finance, ReceivedObjection{ObjectionTarget::entry, finance.entries_of(finance.find_subject(World::company(1))->id).at(0).id,
                                                 kAsOf, "甲公司", "列入依据已撤销"});

    const OutboxInfo out = city.export_return("r1.outbox");
    CHECK(out.sequence == 1);
    CHECK(out.department == kFinance);
    CHECK(out.checks == 1);
    CHECK(out.feedback == 1);
    CHECK(out.objections == 1);

    const OutboxInfo in = import_outbox(city.office.db(), out.file);
    CHECK(in.imported);
    CHECK(in.checks == 1);
    CHECK(in.feedback == 1);
    CHECK(in.objections == 1);
    CHECK(in.notes.empty());
    // The office's report counts the finance bureau's check and feedback; its trail names the bureau.
    const auto report = credit_report(city.office.db(), ReportQuery{kAsOf.plus_days(-1), kAsOf.plus_days(1), kFinance});
    REQUIRE(report.size() == 1);
    CHECK(report[0].checks_total == 1);
    CHECK(report[0].decision_feedback == 1);
    AuditQuery q;
    q.department = kFinance;
    const auto acts = audit_entries(city.office.db(), q);
    std::vector<std::string> actions;
    for (const auto& a : acts) actions.push_back(a.action);
    CHECK(actions == std::vector<std::string>{"check", "feedback", "objection.receive"});
    CHECK(acts[0].officer == "张科员");
    // The objection is filed at the office from the day it was received, and reaches the replica's decisions.
    const auto pending = list_objections(city.office.db(), ObjectionQuery{true, std::nullopt, ""});
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].filed_on == kAsOf);
    city.office.publish(kNoon + std::chrono::minutes(5));
    apply_at(city.finance(), city.office.feed_dir(), kNoon + std::chrono::minutes(5));
    CHECK(check_at(city.finance(), World::company(1)).suspended.size() > 0);
    CHECK(verify_audit(city.office.db()).intact);

    SUBCASE("the same return again changes nothing") {
        const auto trail = verify_audit(city.office.db()).entries;
        const OutboxInfo again = import_outbox(city.office.db(), out.file);
        CHECK_FALSE(again.imported);
        CHECK(verify_audit(city.office.db()).entries == trail);
    }
    SUBCASE("the next return carries only what is new") {
        check_at(city.finance(), World::company(2));
        const OutboxInfo next = city.export_return("r2.outbox");
        CHECK(next.sequence == 2);
        CHECK(next.checks >= 1);
        CHECK(next.feedback == 0);
        CHECK(next.objections == 0);
        CHECK(import_outbox(city.office.db(), next.file).imported);
    }
}

TEST_CASE("the office refuses a return it cannot verify, changing nothing") {
    City city;
    check_at(city.finance(), World::company(1));
    const OutboxInfo out = city.export_return("r1.outbox");
    const auto refused = [&](const std::filesystem::path& file, const std::string& why) {
        const auto trail = verify_audit(city.office.db()).entries;
        const std::string message = error_of([&] { import_outbox(city.office.db(), file); });
        CHECK(message.find(why) != std::string::npos);
        CHECK(status_of([&] { import_outbox(city.office.db(), file); }) == Status::feed_refused);
        CHECK(verify_audit(city.office.db()).entries == trail);
    };
    SUBCASE("an altered text") {
        std::string text = bytes_of(out.file);
        text.replace(text.find("\"verdict\":\"deny\""), 16, "\"verdict\":\"pass\"");
        write_bytes(city.office.dir() / "altered.outbox", text);
        refused(city.office.dir() / "altered.outbox", "signature does not verify");
    }
    SUBCASE("signed with another key than the one registered") {
        const GeneratedKeyPair other = generate_signing_key(city.office.dir() / "other");
        register_department_key(city.office.db(), kFinance, other.public_key);
        refused(out.file, "signature does not verify");
    }
    SUBCASE("no key registered for the department") {
        FeedWorld elsewhere;
        elsewhere.subjects(World::company(1) + ",甲公司,legal_person,2010-01-01,active\n");
        elsewhere.routes_for_finance();
        const std::string message = error_of([&] { import_outbox(elsewhere.db(), out.file); });
        CHECK(message.find("no key is registered") != std::string::npos);
    }
    SUBCASE("not a return at all") {
        write_bytes(city.office.dir() / "junk.outbox", "hello\n");
        refused(city.office.dir() / "junk.outbox", "not a credcheck return");
    }
}

TEST_CASE("only a department exports its return, only from a replica, and only the office registers keys and imports") {
    City city;
    OutboxOptions o;
    o.key = city.finance_key.private_key;
    o.file = city.office.dir() / "x.outbox";
    CHECK(status_of([&] { export_outbox(open_replica(city.replica_path), o); }) == Status::permission_denied); // the local administrator
    const Database office_as_finance = city.office.db().as(Principal{kFinance, AccessRole::implementing, "张"});
    CHECK(status_of([&] { export_outbox(office_as_finance, o); }) == Status::conflict);
    CHECK(status_of([&] { receive_objection(office_as_finance, ReceivedObjection{ObjectionTarget::entry, 1, kAsOf, "x", "y"}); }) ==
          Status::conflict);
    CHECK(status_of([&] { register_department_key(office_as_finance, kFinance, city.finance_key.public_key); }) == Status::permission_denied);
    CHECK(status_of([&] { receive_objection(city.finance(), ReceivedObjection{ObjectionTarget::entry, 999, kAsOf, "x", "y"}); }) ==
          Status::not_found);
    CHECK(status_of([&] { register_department_key(city.office.db(), "不存在的局", city.finance_key.public_key); }) == Status::not_found);
}
