// Principals and permissions, the tamper-evident audit trail, and masking (seed item 18).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <functional>
#include <sstream>

#include "credcheck/audit.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/report.hpp"
#include "store/sqlite.hpp"
#include "world.hpp"
#include "test_support.hpp"

using namespace credcheck;
using test::error_of;
using test::status_of;
using test::kAsOf;
using test::World;

namespace {

const std::string kCourt = "鄂州市中级人民法院";
const std::string kFinance = "鄂州市财政局";



void tamper(const Database& db, const char* sql) {
    sql::Connection c(db.path(), sql::Connection::Mode::read_write, 1000);
    c.exec(sql);
}

CheckRequest request_for(const std::string& code, const std::string& scenario = "gov_procurement") {
    CheckRequest r;
    r.subject = code;
    r.scenario = scenario;
    r.as_of = kAsOf;
    r.purpose = "采购项目 EZ-2026-17";
    return r;
}

} // namespace

TEST_CASE("principals are parsed from the command line's spelling") {
    const Principal p = parse_principal("鄂州市财政局:implementing:张科员");
    CHECK(p.department == "鄂州市财政局");
    CHECK(p.role == AccessRole::implementing);
    CHECK(p.officer == "张科员");
    CHECK(parse_principal(":credit_office").role == AccessRole::credit_office);
    CHECK(parse_principal(":public").role == AccessRole::public_reader);
    CHECK_THROWS_WITH_AS(parse_principal("鄂州市财政局"), doctest::Contains("expected DEPARTMENT:ROLE"), Error);
    CHECK_THROWS_WITH_AS(parse_principal("鄂州市财政局:boss"), doctest::Contains("role 'boss' is not one of"), Error);
    CHECK_THROWS_WITH_AS(parse_principal(":implementing"), doctest::Contains("must name its department"), Error);
}

TEST_CASE("each role may do what it is for, and a refusal changes nothing") {
    World w;
    set_measure_routes(w.db(), {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
    w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
    const Database finance = w.db().as({kFinance, AccessRole::implementing, "张科员"});
    Database court = w.db().as({kCourt, AccessRole::initiating, "李法官"});
    const Database public_reader = w.db().as({"", AccessRole::public_reader, ""});
    const auto data_version = w.db().data_version();

    SUBCASE("an implementing department checks, reads its inbox and answers it, and nothing else") {
        CHECK(Checker(finance).check(request_for(World::company(1))).verdict == Verdict::deny);
        CHECK(inbox(finance, kFinance).size() == 1);
        CHECK(status_of([&] { inbox(finance, kCourt); }) == Status::permission_denied);
        Database writable = finance.as(finance.principal());
        CHECK(error_of([&] { set_measure_routes(writable, {{"P.procurement_ban", kCourt, std::nullopt}}, kAsOf); }) ==
              "鄂州市财政局 (implementing) 张科员 may not route measures to departments");
        CHECK(status_of([&] {
                  ImportOptions o;
                  o.kind = ImportKind::lists;
                  import_file(writable, "/nonexistent.csv", o);
              }) == Status::permission_denied);
        CHECK(status_of([&] { resolve_objection(writable, 1, ObjectionOutcome::upheld, kAsOf, "x", "y"); }) != Status::ok);
        CHECK(w.db().data_version() == data_version);
    }
    SUBCASE("an initiating department writes only its own records and entries") {
        const test::TempDir dir;
        ImportOptions o;
        o.kind = ImportKind::lists;
        o.today = kAsOf;
        const auto own = test::write_text(dir / "own.csv", "list,subject_code,subject_name,department,document_no,entered_on\n"
                                                           "samr.serious_illegal," + World::company(2) + ",乙公司," + kCourt +
                                                               ",(2026)鄂07执2号,2026-07-01\n");
        CHECK(import_file(court, own, o).inserted == 1);
        const auto other = test::write_text(dir / "other.csv", "list,subject_code,subject_name,department,document_no,entered_on\n"
                                                               "samr.serious_illegal," + World::company(3) + ",丙公司," + kCourt +
                                                                   ",(2026)鄂07执3号,2026-07-01\n"
                                                                   "tax.major_violation," + World::company(4) +
                                                                   ",丁公司,国家税务总局鄂州市税务局,鄂税失〔2026〕1号,2026-07-01\n");
        const auto before = w.db().counts();
        CHECK(error_of([&] { import_file(court, other, o); }).find("line 3: 鄂州市中级人民法院 may write only its own records and entries") !=
              std::string::npos);
        CHECK(w.db().counts().entries == before.entries);
        CHECK(w.db().counts().subjects == before.subjects);
    }
    SUBCASE("listings are scoped to the department") {
        CHECK(status_of([&] { credit_report(finance, {kAsOf.plus_days(-30), kAsOf, kCourt}); }) == Status::permission_denied);
        CHECK(credit_report(finance, {kAsOf.plus_days(-365), kAsOf, ""}).size() <= 1);
        CHECK(status_of([&] { list_objections(public_reader); }) == Status::permission_denied);
    }
    SUBCASE("the public reads the published lists, masked, and cannot check") {
        CHECK(status_of([&] { Checker(public_reader).check(request_for(World::company(1))); }) == Status::permission_denied);
        std::ostringstream out;
        CHECK(export_public_list(public_reader, ListColour::black, kAsOf, FileFormat::csv, out) == 1);
        std::ostringstream all;
        CHECK(status_of([&] { export_table(public_reader, ExportOptions{ImportKind::lists, FileFormat::csv}, all); }) == Status::permission_denied);
    }
}

TEST_CASE("every write and every check is in the audit trail, and the chain shows tampering") {
    World w;
    set_measure_routes(w.db(), {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
    w.entries("court.dishonest_debtor," + World::person(3) + ",李某," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
    const Database finance = w.db().as({kFinance, AccessRole::implementing, "张科员"});
    Decision decision;
    {
        const Checker checker(finance);
        decision = checker.check(request_for(World::person(3), "high_consumption"));
        REQUIRE(decision.verdict == Verdict::deny);
    }
    const AuditVerification ok = verify_audit(w.db());
    CHECK(ok.intact);
    CHECK(ok.algorithm == DigestAlgorithm::sm3);
    CHECK(ok.head.size() == 64);
    REQUIRE(ok.entries >= 4); // catalog, calendar, routes, import, check

    SUBCASE("a department proves what it checked: subject, date, data version and answer") {
        AuditQuery q;
        q.decision_id = decision.receipt.id;
        const auto entries = audit_entries(w.db(), q);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].action == "check");
        CHECK(entries[0].department == kFinance);
        CHECK(entries[0].officer == "张科员");
        CHECK(entries[0].subject == World::person(3)); // the credit office sees the full number
        CHECK(entries[0].details.find("\"verdict\":\"deny\"") != std::string::npos);
        CHECK(entries[0].details.find(fmt::format("\"data_version\":{}", decision.receipt.data_version)) != std::string::npos);
        const auto own = audit_entries(finance, q);
        REQUIRE(own.size() == 1);
        CHECK(own[0].subject == mask_personal_id(World::person(3)));
        AuditQuery others;
        others.department = kCourt;
        CHECK(status_of([&] { audit_entries(finance, others); }) == Status::permission_denied);
    }
    SUBCASE("an edited entry") {
        tamper(w.db(), "UPDATE audit_log SET details = replace(details, 'deny', 'allow') WHERE action = 'check'");
        const auto v = verify_audit(w.db());
        CHECK_FALSE(v.intact);
        CHECK(v.first_broken == ok.entries);
        CHECK(v.problem.find("was altered") != std::string::npos);
    }
    SUBCASE("a deleted entry") {
        tamper(w.db(), "DELETE FROM audit_log WHERE seq = 2");
        const auto v = verify_audit(w.db());
        CHECK_FALSE(v.intact);
        CHECK(v.first_broken == 2);
        CHECK(v.problem.find("missing") != std::string::npos);
    }
    SUBCASE("reordered entries") {
        tamper(w.db(), "UPDATE audit_log SET seq = -seq WHERE seq IN (2, 3); UPDATE audit_log SET seq = 5 - seq WHERE seq IN (-2, -3)");
        const auto v = verify_audit(w.db());
        CHECK_FALSE(v.intact);
        CHECK(v.first_broken == 2);
    }
    SUBCASE("a rewritten history row behind a write") {
        resolve_objection(w.db(), file_objection(w.db(), ObjectionTarget::entry, w.entry_of(World::person(3)), kAsOf, "李某", "错误"),
                          ObjectionOutcome::corrected, kAsOf, kCourt, "更正", {{"reason", "已更正的事由"}});
        REQUIRE(verify_audit(w.db()).intact);
        tamper(w.db(), "UPDATE history SET changes = replace(changes, '已更正的事由', '别的事由')");
        const auto v = verify_audit(w.db());
        CHECK_FALSE(v.intact);
        CHECK(v.problem.find("history rows") != std::string::npos);
    }
    SUBCASE("SHA-256 can be chosen only while the trail is empty") {
        CHECK(status_of([&] { set_audit_algorithm(w.db(), DigestAlgorithm::sha256); }) == Status::conflict);
        const test::TempDir dir;
        Database fresh = Database::create(dir / "fresh.db");
        set_audit_algorithm(fresh, DigestAlgorithm::sha256);
        install_catalog(fresh, default_catalog());
        const auto v = verify_audit(fresh);
        CHECK(v.intact);
        CHECK(v.algorithm == DigestAlgorithm::sha256);
        CHECK(v.entries == 1);
        CHECK_FALSE(parse_digest_algorithm("md5"));
    }
}
