// Trust in the answer (issue 11): department boundaries follow the principal, never the file; a check
// never gives a plain allow on grounds it cannot vouch for; personal data stays masked in errors and
// free text; the audit trail vouches for the data itself. Each case is an escalation or a silent
// failure that the release before this one allowed.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <functional>
#include <random>
#include <sstream>

#include "credcheck/audit.hpp"
#include "credcheck/citizen_id.hpp"
#include "credcheck/departments.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/display.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/repair.hpp"
#include "credcheck/json.hpp"
#include "store/sqlite.hpp"
#include "test_support.hpp"
#include "world.hpp"

using namespace credcheck;
using test::kAsOf;
using test::error_of;
using test::status_of;
using test::World;

namespace {

const std::string kCourt = "鄂州市中级人民法院";
const std::string kFinance = "鄂州市财政局";
const std::string kSamr = "鄂州市市场监督管理局";
const std::string kTax = "国家税务总局鄂州市税务局";
const std::string kSamrCode = test::uscc_for(501, '1', '1', "420700");
const std::string kTaxCode = test::uscc_for(502, '1', '1', "420700");

Date day(int y, unsigned m, unsigned d) { return *Date::from_ymd(y, m, d); }


/// Imports `text` as `kind` through `db` (with its principal); throws what import_file throws.
ImportReport import_text(Database& db, ImportKind kind, const std::string& text, bool partial = false) {
    static int files = 0;
    const auto path = std::filesystem::temp_directory_path() / fmt::format("credcheck-trust-{}-{}.csv", ::getpid(), ++files);
    test::write_text(path, text);
    ImportOptions o;
    o.kind = kind;
    o.today = kAsOf;
    o.partial = partial;
    struct Remove {
        std::filesystem::path p;
        ~Remove() { std::filesystem::remove(p); }
    } remove{path};
    return import_file(db, path, o);
}

void tamper(const Database& db, const std::string& statement) {
    sql::Connection c(db.path(), sql::Connection::Mode::read_write, 1000);
    c.exec(statement.c_str());
}

std::string scalar(const Database& db, const std::string& query) {
    sql::Connection c(db.path(), sql::Connection::Mode::read_only, 1000);
    auto s = c.prepare_once(query);
    sql::Query q(*s);
    return q.step() ? std::string(q.text(0)) : std::string("(none)");
}

/// Every row of the tables an import may touch, as text, for before/after comparisons.
std::string rows_of(const Database& db, const std::string& query) {
    sql::Connection c(db.path(), sql::Connection::Mode::read_only, 1000);
    auto s = c.prepare_once(query);
    sql::Query q(*s);
    std::string out;
    while (q.step()) {
        for (int i = 0; i < sqlite3_column_count(q.handle_for_values()); ++i) (out += q.is_null(i) ? "∅" : std::string(q.text(i))) += '|';
        out += '\n';
    }
    return out;
}

const char* kPenaltyHeader = "document_no,subject_code,subject_name,department,department_code,decided_on,penalty_types,severity,status,"
                             "legal_representative,legal_representative_id\n";

/// A world where the market regulator fined company 1 (seriously, in 2025), the tax bureau has
/// recorded its own code, and the court lists company 9 (so the database holds list data).
struct Departments {
    World w;
    Departments() {
        w.subjects(World::company(1) + ",甲公司,legal_person,2010-01-01,active\n");
        import_text(w.db(), ImportKind::penalties,
                    std::string(kPenaltyHeader) + "鄂市监罚〔2025〕1号," + World::company(1) + ",甲公司," + kSamr + "," + kSamrCode +
                        ",2025-05-05,罚款,serious,,,\n" + "鄂税罚〔2025〕9号," + World::company(2) + ",乙公司," + kTax + "," + kTaxCode +
                        ",2025-06-06,警告,minor,,,\n");
        w.entries("court.dishonest_debtor," + World::company(9) + ",庚公司," + kCourt + ",(2026)鄂07执9号,2026-01-05,,,,\n");
    }
    Database as(const std::string& department, AccessRole role = AccessRole::initiating) {
        return w.db().as(Principal{department, role, "经办人"});
    }
};

} // namespace

// ---- department boundaries follow the principal ---------------------------------------------------

TEST_CASE("a department's name beside another's code reaches none of the other's records") {
    Departments d;
    Database tax = d.as(kTax);
    REQUIRE(d.w.check(World::company(1), "admin_license").verdict == Verdict::allow); // the serious penalty: no clean years
    const auto before = rows_of(d.w.db(), "SELECT * FROM records ORDER BY id") + rows_of(d.w.db(), "SELECT * FROM departments ORDER BY id");
    SUBCASE("the market regulator's code with the tax bureau's name: refused whole, nothing changes") {
        const std::string file = std::string(kPenaltyHeader) + "鄂市监罚〔2025〕1号," + World::company(1) + ",甲公司," + kTax + "," + kSamrCode +
                                 ",2025-05-05,罚款,serious,revoked,,\n";
        const std::string why = error_of([&] { import_text(tax, ImportKind::penalties, file); });
        CHECK(why.find("line 2: department code " + kSamrCode + " is") == std::string::npos); // not the old message
        CHECK(why.find("the row gives department code " + kSamrCode + ", but " + kTax + "'s code is " + kTaxCode) != std::string::npos);
    }
    SUBCASE("the other department's name, with or without a code") {
        for (const std::string& code : {std::string(), kSamrCode})
            CHECK(status_of([&] {
                      import_text(tax, ImportKind::penalties,
                                  std::string(kPenaltyHeader) + "鄂市监罚〔2025〕1号," + World::company(1) + ",甲公司," + kSamr + "," + code +
                                      ",2025-05-05,罚款,serious,revoked,,\n");
                  }) == Status::permission_denied);
    }
    SUBCASE("a code of its own choosing: a department's code, once recorded, changes only by the credit office") {
        const std::string other_code = test::uscc_for(777, '1', '1', "420700");
        CHECK(status_of([&] {
                  import_text(tax, ImportKind::penalties,
                              std::string(kPenaltyHeader) + "鄂税罚〔2025〕10号," + World::company(2) + ",乙公司," + kTax + "," + other_code +
                                  ",2025-06-07,警告,minor,,,\n");
              }) == Status::permission_denied);
    }
    SUBCASE("a department whose code is not recorded yet cannot take another's") {
        const std::string court_file = std::string(kPenaltyHeader) + "(2025)鄂07罚1号," + World::company(3) + ",丙公司," + kCourt + "," + kSamrCode +
                                       ",2025-07-07,罚款,general,,,\n";
        Database court = d.as(kCourt);
        CHECK(error_of([&] { import_text(court, ImportKind::penalties, court_file); }).find("department code " + kSamrCode + " is " + kSamr + "'s") !=
              std::string::npos);
    }
    CHECK(rows_of(d.w.db(), "SELECT * FROM records ORDER BY id") + rows_of(d.w.db(), "SELECT * FROM departments ORDER BY id") == before);
    CHECK(d.w.check(World::company(1), "admin_license").verdict == Verdict::allow); // not FAVOR
    SUBCASE("its own rows with its own name and code still import") {
        CHECK(import_text(tax, ImportKind::penalties,
                          std::string(kPenaltyHeader) + "鄂税罚〔2025〕11号," + World::company(2) + ",乙公司," + kTax + "," + kTaxCode +
                              ",2025-06-08,警告,minor,,,\n")
                  .inserted == 1);
    }
}

TEST_CASE("registry facts are written by the credit office or a designated registration authority only") {
    Departments d;
    d.w.relations(World::company(1) + "," + World::person(1) + ",张三,legal_representative,2020-01-01,\n");
    Database tax = d.as(kTax);
    Database samr = d.as(kSamr);
    const auto registry = [&] {
        return rows_of(d.w.db(), "SELECT * FROM subjects ORDER BY id") + rows_of(d.w.db(), "SELECT * FROM subject_codes ORDER BY code") +
               rows_of(d.w.db(), "SELECT * FROM relations ORDER BY id");
    };
    const auto before = registry();
    const std::string end_representative = "organization_code,person_id,person_name,role,valid_from,valid_to\n" + World::company(1) + "," +
                                           World::person(1) + ",张三,legal_representative,2020-01-01,2026-01-01\n";
    const std::string revoke_company = "code,name,kind,established_on,status\n" + World::company(1) + ",甲公司,legal_person,2010-01-01,revoked\n";
    CHECK(error_of([&] { import_text(tax, ImportKind::relations, end_representative); }).find("registry facts are written by the credit office") !=
          std::string::npos);
    CHECK(status_of([&] { import_text(tax, ImportKind::subjects, revoke_company); }) == Status::permission_denied);
    CHECK(status_of([&] { import_text(samr, ImportKind::subjects, revoke_company); }) == Status::permission_denied); // not designated yet
    Database implementing = d.as(kFinance, AccessRole::implementing);
    CHECK(status_of([&] { designate_registration_authority(tax, kSamr, true); }) == Status::permission_denied);
    CHECK(registry() == before);
    CHECK_FALSE(may_write_registry_facts(samr));

    designate_registration_authority(d.w.db(), kSamr, true);
    CHECK(may_write_registry_facts(samr));
    CHECK_FALSE(may_write_registry_facts(tax));
    CHECK(import_text(samr, ImportKind::relations, end_representative).updated == 1);
    CHECK(import_text(samr, ImportKind::subjects, revoke_company).updated == 1);
    const auto listing = list_departments(d.w.db());
    CHECK(std::count_if(listing.begin(), listing.end(), [](const DepartmentListing& l) { return l.registration_authority; }) == 1);
    designate_registration_authority(d.w.db(), kSamr, false);
    CHECK_FALSE(may_write_registry_facts(samr));
    CHECK(verify_audit(d.w.db()).intact);
}

TEST_CASE("a record naming a person records them on that record, and never makes them an existing company's legal representative") {
    Departments d;
    d.w.relations(World::company(1) + "," + World::person(1) + ",张三,legal_representative,2020-01-01,\n");
    d.w.entries("court.dishonest_debtor," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
    const std::string stranger = World::person(9);
    const std::string row = std::string(kPenaltyHeader) + "鄂市监罚〔2026〕2号," + World::company(1) + ",甲公司," + kSamr + "," + kSamrCode +
                            ",2026-05-05,罚款,general,,王陌生," + stranger + "\n";
    for (Database* as : {&d.w.db()}) { // even the credit office: a penalty is not a registration
        import_text(*as, ImportKind::penalties, row);
    }
    const auto company = d.w.db().find_subject(World::company(1)).value();
    const auto relations = d.w.db().relations_of(company.id);
    REQUIRE(relations.size() == 1);
    CHECK(relations[0].person_id == d.w.db().find_subject(World::person(1))->id);
    CHECK(scalar(d.w.db(), "SELECT legal_representative_id FROM records WHERE document_no = '鄂市监罚〔2026〕2号'") == stranger); // 落实到人 for the record
    CHECK(d.w.check(stranger, "high_consumption").verdict == Verdict::allow);     // the stranger is not the company's LR
    CHECK(d.w.check(World::person(1), "high_consumption").verdict == Verdict::deny); // the real one is

    SUBCASE("a company a record creates gets its legal representative from the credit office's row") {
        import_text(d.w.db(), ImportKind::penalties,
                    std::string(kPenaltyHeader) + "鄂市监罚〔2026〕3号," + World::company(4) + ",丁公司," + kSamr + "," + kSamrCode +
                        ",2026-05-06,罚款,general,,李四," + World::person(4) + "\n");
        CHECK(d.w.db().relations_of(d.w.db().find_subject(World::company(4))->id).size() == 1);
    }
    SUBCASE("but not from an initiating department's row: it may create the company, not its registry facts") {
        Database samr = d.as(kSamr);
        import_text(samr, ImportKind::penalties,
                    std::string(kPenaltyHeader) + "鄂市监罚〔2026〕4号," + World::company(5) + ",戊公司," + kSamr + "," + kSamrCode +
                        ",2026-05-07,罚款,general,,赵五," + World::person(5) + "\n");
        const auto created = d.w.db().find_subject(World::company(5));
        REQUIRE(created);
        CHECK(d.w.db().relations_of(created->id).empty());
    }
}

TEST_CASE("an implementing department checks, reads its inbox and answers notices, and nothing else") {
    Departments d;
    set_measure_routes(d.w.db(), {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
    d.w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
    const EntryId entry = d.w.entry_of(World::company(1));
    const ObjectionId pending = file_objection(d.w.db(), ObjectionTarget::entry, entry, kAsOf, "甲公司", "已履行");
    Database finance = d.as(kFinance, AccessRole::implementing);
    Database court_implementing = d.as(kCourt, AccessRole::implementing); // its own department, the wrong role
    const auto version = d.w.db().data_version();
    for (Database* who : {&finance, &court_implementing}) {
        CAPTURE(who->principal().describe());
        CHECK(status_of([&] { file_objection(*who, ObjectionTarget::entry, entry, kAsOf, "甲公司", "再次"); }) == Status::permission_denied);
        CHECK(status_of([&] { resolve_objection(*who, pending, ObjectionOutcome::revoked, kAsOf, "x", "撤销"); }) == Status::permission_denied);
        CHECK(status_of([&] { repair(*who, RepairRequest{ObjectionTarget::entry, entry, kAsOf, "x", "已履行", std::nullopt}); }) ==
              Status::permission_denied);
        CHECK(status_of([&] { mark_published(*who, kSamr, "鄂市监罚〔2025〕1号", kAsOf); }) == Status::permission_denied);
        CHECK(status_of([&] { record_commitment(*who, {World::company(1), kFinance, "承诺1", kAsOf, "守信"}); }) == Status::permission_denied);
    }
    CHECK(d.w.db().data_version() == version);
    CHECK(Checker(finance).check(CheckRequest{World::company(1), std::nullopt, "gov_procurement", kAsOf, ""}).verdict == Verdict::review);
    CHECK_FALSE(inbox(finance, kFinance).empty());
    SUBCASE("a commitment is recorded by the department that receives it, or the credit office") {
        Database samr = d.as(kSamr);
        CHECK(record_commitment(samr, {World::company(1), kSamr, "鄂市监承诺〔2026〕1号", kAsOf, "守信"}) > 0);
        CHECK(status_of([&] { record_commitment(samr, {World::company(1), kTax, "鄂税承诺〔2026〕1号", kAsOf, "守信"}); }) ==
              Status::permission_denied);
        CHECK(record_commitment(d.w.db(), {World::company(1), kTax, "鄂税承诺〔2026〕1号", kAsOf, "守信"}) > 0);
    }
}

TEST_CASE("the principal is explicit and a handle only narrows") {
    CHECK_THROWS_WITH_AS(parse_principal(""), doctest::Contains("principal is empty"), Error);
    CHECK_THROWS_WITH_AS(parse_principal("  "), doctest::Contains("principal is empty"), Error);
    CHECK_THROWS_WITH_AS(parse_principal(" :implementing:张"), doctest::Contains("must name its department"), Error);
    CHECK(parse_principal("鄂州市财政局:implementing:张:科员").officer == "张:科员");

    World w;
    const Database finance = w.db().as({kFinance, AccessRole::implementing, "张科员"});
    CHECK(status_of([&] { finance.as(Principal::credit_office()); }) == Status::permission_denied);
    CHECK(status_of([&] { finance.as({kFinance, AccessRole::initiating, "张科员"}); }) == Status::permission_denied);
    CHECK(status_of([&] { finance.as({kCourt, AccessRole::implementing, "张科员"}); }) == Status::permission_denied);
    CHECK(finance.as({kFinance, AccessRole::implementing, "李科员"}).principal().officer == "李科员");
    const Database reader = finance.as({"", AccessRole::public_reader, ""});
    CHECK(status_of([&] { reader.as({kFinance, AccessRole::implementing, ""}); }) == Status::permission_denied);
    const Database court = w.db().as({kCourt, AccessRole::initiating, "王"});
    CHECK(court.as({kCourt, AccessRole::implementing, "王"}).principal().role == AccessRole::implementing);

    SUBCASE("the department recorded with a check is the principal's") {
        w.entries("court.dishonest_debtor," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
        const Checker checker(finance);
        const Decision decision = checker.check(CheckRequest{World::company(1), std::nullopt, "gov_procurement", kAsOf, "采购"});
        checker.flush_log();
        CHECK(decision.receipt.department == kFinance);
        CHECK(scalar(w.db(), "SELECT department FROM checks WHERE decision_id = '" + decision.receipt.id + "'") == kFinance);
    }
}

TEST_CASE("stored text is shown escaped, so that it cannot forge a line") {
    CHECK(display_text("张科员\n#99 2026-01-01 forged") == "张科员\\n#99 2026-01-01 forged");
    CHECK(display_text("a\tb\rc\\d") == "a\\tb\\rc\\\\d");
    CHECK(display_text("\x1b[31mred") == "\\x1B[31mred");
    CHECK(display_text("甲\xE2\x80\xA8乙\xE2\x80\xAE") == "甲\\u{2028}乙\\u{202E}");
    CHECK(display_text(std::string("x\xFFy")) == "x\\xFFy");
    CHECK(display_text("鄂州市财政局 (implementing) 张科员") == "鄂州市财政局 (implementing) 张科员");
}

// ---- fail-safe: never a plain allow on grounds it cannot vouch for -----------------------------------

TEST_CASE("a database holding no list data answers review, with the reason, never allow") {
    World w;
    w.subjects(World::company(1) + ",老字号,legal_person,2010-01-01,active\n");
    const Decision found = w.check(World::company(1), "admin_license");
    CHECK(found.verdict == Verdict::review);
    REQUIRE(found.caveats.size() == 1);
    CHECK(found.caveats[0].find("no list data loaded") == 0);
    CHECK(found.measures.empty()); // no 容缺受理 on no grounds
    CHECK_FALSE(found.green_channel.eligible);
    const Decision unknown = w.check(World::company(2), "gov_procurement");
    CHECK_FALSE(unknown.subject.found);
    CHECK(unknown.verdict == Verdict::review);
    CHECK(found.receipt.data_version > 0);
    CHECK(found.receipt.data_as_of.size() == 20); // 2026-12-04T02:41:32Z
    const auto json = serialize::decision_json(found, serialize::PersonalData::masked);
    CHECK(json["caveats"][0].get<std::string>().find("no list data loaded") == 0);
    CHECK(json["receipt"]["data_as_of"] == found.receipt.data_as_of);

    w.entries("court.dishonest_debtor," + World::company(9) + ",庚公司," + kCourt + ",(2026)鄂07执9号,2026-01-05,,,,\n");
    const Decision now = w.check(World::company(1), "admin_license");
    CHECK(now.caveats.empty());
    CHECK(now.verdict == Verdict::favor);
    CHECK(now.receipt.data_as_of >= found.receipt.data_as_of);
}

TEST_CASE("a damaged stored value is a database error, never a row that stops counting") {
    World w;
    w.subjects(World::company(2) + ",乙公司,legal_person,2010-01-01,active\n" + World::company(3) + ",丙公司,legal_person,2010-01-01,active\n");
    w.relations(World::company(2) + "," + World::person(2) + ",李四,legal_representative,2020-01-01,\n");
    w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n"
              "court.dishonest_debtor," + World::company(2) + ",乙公司," + kCourt + ",(2026)鄂07执2号,2026-06-18,,,,\n");
    w.penalties("F1," + World::company(3) + ",丙公司,市场监管局,2025-05-05,罚款,general\n");
    REQUIRE(w.check(World::company(1), "gov_procurement").verdict == Verdict::deny);
    const auto damage = [&](const std::string& statement) { tamper(w.db(), "PRAGMA ignore_check_constraints = ON; " + statement); };
    SUBCASE("an entry's status") {
        damage("UPDATE list_entries SET status = 'actve' WHERE document_no = '(2026)鄂07执1号'");
        CHECK(error_of([&] { w.check(World::company(1), "gov_procurement"); }).find("stored value 'actve' in column") != std::string::npos);
        CHECK(status_of([&] { w.check(World::company(1), "gov_procurement"); }) == Status::database_error);
    }
    SUBCASE("an entry's dates") {
        for (const char* statement : {"UPDATE list_entries SET entered_on = '2026-6-18' WHERE document_no = '(2026)鄂07执1号'",
                                      "UPDATE list_entries SET expires_on = '1999-99-99' WHERE document_no = '(2026)鄂07执1号'",
                                      "UPDATE list_entries SET expires_on = 'soon' WHERE document_no = '(2026)鄂07执1号'"}) {
            CAPTURE(statement);
            damage(statement);
            CHECK(status_of([&] { w.check(World::company(1), "gov_procurement"); }) == Status::database_error);
        }
    }
    SUBCASE("a relation's role or dates, on the way to a person") {
        damage("UPDATE relations SET valid_to = 'never' WHERE person_id = (SELECT subject_id FROM subject_codes WHERE code = '" + World::person(2) + "')");
        CHECK(status_of([&] { w.check(World::person(2), "high_consumption"); }) == Status::database_error);
    }
    SUBCASE("an objection's status") {
        file_objection(w.db(), ObjectionTarget::entry, w.entry_of(World::company(1)), kAsOf, "甲公司", "错误");
        damage("UPDATE objections SET status = 'dismissed'");
        CHECK(status_of([&] { w.check(World::company(1), "gov_procurement"); }) == Status::database_error);
    }
    SUBCASE("a record's severity, for the clean-years rule") {
        damage("UPDATE records SET severity = 'trivial'");
        CHECK(status_of([&] { w.check(World::company(3), "admin_license"); }) == Status::database_error);
    }
}

TEST_CASE("a check that cannot be logged says so, and with require_log fails instead") {
    World w;
    w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
    const CheckRequest request{World::company(1), std::nullopt, "gov_procurement", kAsOf, "采购"};
    {
        const Checker checker(w.db());
        const Decision logged = checker.check(request);
        CHECK(logged.logged);
        CHECK(logged.log_error.empty());
        checker.flush_log();
    }
    const Database read_only = Database::open(w.db().path(), read_only_options());
    const Decision unlogged = Checker(read_only).check(request);
    CHECK(unlogged.verdict == Verdict::deny);
    CHECK_FALSE(unlogged.logged);
    CHECK(unlogged.log_error.find("read-only") != std::string::npos);
    CHECK(serialize::decision_json(unlogged, serialize::PersonalData::masked)["logged"] == false);

    OpenOptions strict = read_only_options();
    strict.require_log = true;
    const Database strict_read_only = Database::open(w.db().path(), strict);
    CHECK(status_of([&] { Checker(strict_read_only).check(request); }) == Status::permission_denied);

    SUBCASE("a writer holding the lock past the busy timeout") {
        OpenOptions o;
        o.require_log = true;
        o.busy_timeout_ms = 100;
        const Database db = Database::open(w.db().path(), o);
        sql::Connection holder(w.db().path(), sql::Connection::Mode::read_write, 100);
        holder.exec("BEGIN IMMEDIATE");
        const Checker checker(db);
        CHECK(status_of([&] { checker.check(request); }) == Status::busy);
        holder.exec("COMMIT");
        CHECK(checker.check(request).logged);
    }
    SUBCASE("without require_log the decision is given, flagged once the writer is known to fail") {
        OpenOptions o;
        o.busy_timeout_ms = 100;
        const Database db = Database::open(w.db().path(), o);
        sql::Connection holder(w.db().path(), sql::Connection::Mode::read_write, 100);
        holder.exec("BEGIN IMMEDIATE");
        const Checker checker(db);
        checker.check(request);
        CHECK(status_of([&] { checker.flush_log(); }) == Status::busy);
        const Decision flagged = checker.check(request);
        CHECK_FALSE(flagged.logged);
        CHECK(flagged.log_error.find("cannot be written now") != std::string::npos);
        holder.exec("COMMIT");
        checker.flush_log(); // the kept decisions are written once the lock is free
        CHECK(scalar(w.db(), "SELECT count(*) FROM checks") == "3");
    }
}

// ---- personal data in errors and free text --------------------------------------------------------

TEST_CASE("anything that looks like an ID number is masked in errors and echoes, valid or not") {
    CHECK(mask_personal_id("4207041980010110931") == "420704*********0931"); // 19 characters
    CHECK(mask_personal_id("42070419800101109312") == "420704**********9312");
    CHECK(mask_personal_id("420704198001011X") == "420704******011X");
    CHECK(mask_personal_id("91420704MA003BBB3H") == "91420704MA003BBB3H"); // a USCC stays
    CHECK(mask_personal_ids_in_text("身份证号420704198001011237的张三") == "身份证号420704********1237的张三");
    CHECK(mask_personal_ids_in_text("号码：４２０７０４１９８００１０１１２３７。") == "号码：４２０７０４********１２３７。");
    CHECK(mask_personal_ids_in_text("文号鄂市监罚〔2019〕105号，罚款2000元") == "文号鄂市监罚〔2019〕105号，罚款2000元");

    World w;
    w.entries("court.dishonest_debtor," + World::company(9) + ",庚公司," + kCourt + ",(2026)鄂07执9号,2026-01-05,,,,\n");
    const std::string typo = "4207041980010110931";
    const std::string why = error_of([&] { w.check(typo, "gov_procurement"); });
    CHECK(why.find("420704*********0931") != std::string::npos);
    CHECK(why.find(typo) == std::string::npos);
    const std::string batch = error_of([&] {
        const std::vector<std::string> codes{World::company(9), typo};
        Checker(w.db()).check_batch(codes, CheckRequest{"", std::nullopt, "gov_procurement", kAsOf, ""});
    });
    CHECK(batch.find(typo) == std::string::npos);
    const Decision unknown = w.check(World::person(77), "gov_procurement");
    CHECK(serialize::decision_json(unknown, serialize::PersonalData::masked)["subject"]["code"] == mask_personal_id(World::person(77)));
    try {
        import_text(w.db(), ImportKind::lists,
                    "list,subject_code,subject_name,department,document_no,entered_on,responsible_person_id\n"
                    "court.dishonest_debtor," + World::company(3) + ",丙公司," + kCourt + ",(2026)鄂07执3号,2026-01-05," + typo + "\n");
        FAIL("the row was accepted");
    } catch (const ImportRejected& e) {
        CHECK(std::string(e.what()).find(typo) == std::string::npos);
        for (const auto& p : e.report().problems) {
            CHECK(p.value.find(typo) == std::string::npos);
            CHECK(p.reason.find(typo) == std::string::npos);
        }
    }
}

TEST_CASE("ID numbers written into free text are masked for those who may not see them, and in everything published") {
    World w;
    const std::string person = World::person(5);
    import_text(w.db(), ImportKind::lists,
                "list,subject_code,subject_name,department,document_no,entered_on,reason,legal_basis\n"
                "court.dishonest_debtor," + person + ",王五," + kCourt + ",(2026)鄂07执5号,2026-01-05,被执行人王五（身份证号" + person +
                    "）拒不履行,依据 " + person + "\n");
    std::ostringstream public_list;
    export_public_list(w.db().as({"", AccessRole::public_reader, ""}), ListColour::black, kAsOf, FileFormat::csv, public_list);
    CHECK(public_list.str().find(person) == std::string::npos);
    CHECK(public_list.str().find(mask_personal_id(person)) != std::string::npos);

    const Database finance = w.db().as({kFinance, AccessRole::implementing, "张科员"});
    const Decision d = Checker(finance).check(CheckRequest{person, std::nullopt, "high_consumption", kAsOf, ""});
    REQUIRE_FALSE(d.measures.empty());
    CHECK(serialize::decision_json(d, serialize::PersonalData::masked).dump().find(person) == std::string::npos);

    SUBCASE("objections and the audit trail, for a department") {
        const ObjectionId id = file_objection(w.db(), ObjectionTarget::entry, w.entry_of(person), kAsOf, "王五 " + person, "我的身份证号是" + person);
        const Database court = w.db().as({kCourt, AccessRole::initiating, "李法官"});
        const auto seen = list_objections(court);
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].reason.find(person) == std::string::npos);
        CHECK(seen[0].filed_by.find(person) == std::string::npos);
        CHECK(find_objection(w.db(), id)->reason.find(person) != std::string::npos); // the credit office sees it
        AuditQuery q;
        for (const auto& e : audit_entries(court, q)) CHECK(e.details.find(person) == std::string::npos);
    }
}

TEST_CASE("the 双公示 batch never puts a person's ID number in the 统一社会信用代码 column") {
    World w;
    const std::string person = World::person(6);
    import_text(w.db(), ImportKind::penalties,
                "document_no,subject_code,subject_name,subject_category,department,decided_on,penalty_types,severity,facts\n"
                "鄂市监罚〔2026〕6号," + person + ",赵六,natural_person," + kSamr + ",2026-11-20,罚款,general,当事人赵六（" + person +
                    "）无证经营\n");
    std::ostringstream out;
    export_publication_batch(w.db(), ImportKind::penalties, day(2026, 11, 27), FileFormat::csv, out);
    const std::string csv = out.str();
    REQUIRE(csv.find("鄂市监罚〔2026〕6号") != std::string::npos);
    CHECK(csv.find(person) == std::string::npos);
    const std::string line = csv.substr(csv.find("鄂市监罚〔2026〕6号"));
    CHECK(line.find("鄂市监罚〔2026〕6号,," + mask_personal_id(person) + ",赵六") == 0); // 统一社会信用代码 empty, 证件号码 masked
}

// ---- the audit trail vouches for the data ---------------------------------------------------------

TEST_CASE("audit verify checks the data against the trail") {
    World w;
    set_measure_routes(w.db(), {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
    w.subjects(World::company(1) + ",甲公司,legal_person,2010-01-01,active\n");
    w.relations(World::company(1) + "," + World::person(1) + ",张三,legal_representative,2020-01-01,\n");
    w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
    w.penalties("F1," + World::company(2) + ",乙公司,市场监管局,2025-05-05,罚款,general\n");
    const ObjectionId o = file_objection(w.db(), ObjectionTarget::entry, w.entry_of(World::company(1)), kAsOf, "甲公司", "错误");
    resolve_objection(w.db(), o, ObjectionOutcome::corrected, kAsOf, kCourt, "更正", {{"reason", "已更正"}});
    {
        const Database finance = w.db().as({kFinance, AccessRole::implementing, "张科员"}); // outlives its Checker
        const Checker checker(finance);
        checker.check(CheckRequest{World::company(1), std::nullopt, "gov_procurement", kAsOf, ""});
    }
    const AuditVerification ok = verify_audit(w.db());
    REQUIRE(ok.intact);
    CHECK(ok.rows_checked > 10);
    CHECK(ok.data_problems.empty());

    SUBCASE("a list entry ended by hand in the file (DENY → ALLOW)") {
        REQUIRE(w.check(World::company(1), "gov_procurement").verdict == Verdict::deny);
        tamper(w.db(), "UPDATE list_entries SET status = 'removed'");
        CHECK(w.check(World::company(1), "gov_procurement").verdict == Verdict::allow);
        const auto v = verify_audit(w.db());
        CHECK_FALSE(v.intact);
        CHECK_FALSE(v.first_broken); // the chain itself is intact
        REQUIRE(v.data_problems.size() == 1);
        CHECK(v.data_problems[0].find("list_entries row ") == 0);
        CHECK(v.data_problems[0].find("differs from what the audit trail recorded") != std::string::npos);
    }
    SUBCASE("a relation, a subject code, a record: each edit is named") {
        tamper(w.db(), "UPDATE relations SET valid_to = '2021-01-01'; UPDATE records SET severity = 'minor'; "
                    "UPDATE subject_codes SET subject_id = subject_id WHERE 0");
        tamper(w.db(), "DELETE FROM subject_codes WHERE code = (SELECT min(code) FROM subject_codes WHERE kind = 'org_code')");
        const auto v = verify_audit(w.db());
        CHECK(v.data_problems_total == 3);
    }
    SUBCASE("a row added behind credcheck's back") {
        tamper(w.db(), "INSERT INTO entry_persons (entry_id, person_id) SELECT id, (SELECT subject_id FROM subject_codes WHERE code = '" +
                        World::person(1) + "') FROM list_entries");
        const auto v = verify_audit(w.db());
        REQUIRE(v.data_problems.size() == 1);
        CHECK(v.data_problems[0].find("is vouched for by no audit entry") != std::string::npos);
    }
    SUBCASE("a whole trail deleted from a database that holds data") {
        tamper(w.db(), "DELETE FROM audit_log; DELETE FROM history; DELETE FROM audit_images");
        const auto v = verify_audit(w.db());
        CHECK(v.entries == 0);
        CHECK_FALSE(v.intact);
        CHECK(v.data_problems_total == ok.rows_checked);
    }
    SUBCASE("history rows no audit entry covers") {
        tamper(w.db(), "INSERT INTO history (at, actor, source, table_name, row_id, action, changes) "
                    "VALUES ('2026-11-28T00:00:00Z', 'x', 'y', 'records', 1, 'update', '{}')");
        const auto v = verify_audit(w.db());
        CHECK_FALSE(v.intact);
        CHECK(v.problem.find("history rows belong to no audit entry") != std::string::npos);
    }
    SUBCASE("a row image chunk edited or added") {
        tamper(w.db(), "INSERT INTO audit_images (images) SELECT images FROM audit_images LIMIT 1");
        const auto v = verify_audit(w.db());
        CHECK_FALSE(v.intact);
        CHECK(v.problem.find("belongs to no audit entry") != std::string::npos);
    }
    SUBCASE("a row deleted") {
        tamper(w.db(), "DELETE FROM feedback; DELETE FROM notices WHERE id = (SELECT max(id) FROM notices)");
        const auto v = verify_audit(w.db());
        REQUIRE(v.data_problems.size() == 1);
        CHECK(v.data_problems[0].find("deleted outside credcheck") != std::string::npos);
    }
}

TEST_CASE("every write path leaves its rows vouched for by the trail") {
    Departments d;
    Database& db = d.w.db();
    set_measure_routes(db, {{"P.procurement_ban", kFinance, std::nullopt}, {"P.bidding_restriction", kCourt, std::nullopt}}, kAsOf);
    d.w.relations(World::company(1) + "," + World::person(1) + ",张三,legal_representative,2020-01-01,\n");
    d.w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2024-01-01,,,," + "\n"
                "samr.serious_illegal," + World::company(3) + ",丙公司," + kCourt + ",(2026)鄂07执3号,2024-01-01,,,,\n");
    const NoticeId notice = inbox(db, kFinance).at(0).id;
    Feedback f;
    f.notice_id = notice;
    f.department = kFinance;
    f.outcome = FeedbackOutcome::applied;
    f.officer = "张科员";
    f.decided_on = kAsOf;
    f.case_ref = "采购 1";
    record_feedback(db, f);
    const ObjectionId corrected = file_objection(db, ObjectionTarget::entry, d.w.entry_of(World::company(1)), kAsOf, "甲公司", "错误");
    resolve_objection(db, corrected, ObjectionOutcome::corrected, kAsOf, kCourt, "更正", {{"reason", "已更正"}});
    const ObjectionId revoked = file_objection(db, ObjectionTarget::entry, d.w.entry_of(World::company(3)), kAsOf, "丙公司", "错误");
    resolve_objection(db, revoked, ObjectionOutcome::revoked, kAsOf, kCourt, "撤销");
    set_objection_verification_days(db, 7);
    mark_published(db, kSamr, "鄂市监罚〔2025〕1号", day(2025, 5, 8));
    const RecordId commitment = record_commitment(db, {World::company(2), kTax, "鄂税承诺〔2026〕1号", day(2026, 1, 2), "守信"});
    repair(db, RepairRequest{ObjectionTarget::record, d.w.db().records_of(d.w.db().find_subject(World::company(2))->id).at(0).id, kAsOf,
                             kTax, "已缴纳罚款", commitment});
    designate_registration_authority(db, kSamr, true);
    Database samr = d.as(kSamr);
    import_text(samr, ImportKind::subjects, "code,name,kind,established_on,status\n" + World::company(4) + ",丁公司,legal_person,2015-01-01,active\n");
    dispatch_notices(db, kAsOf);
    install_catalog(db, default_catalog());
    {
        const Database finance = d.as(kFinance, AccessRole::implementing); // outlives its Checker
        const Checker checker(finance);
        checker.check(CheckRequest{World::company(1), std::nullopt, "gov_procurement", kAsOf, ""});
    }
    const AuditVerification v = verify_audit(db);
    CHECK(v.intact);
    CHECK(v.problem == "");
    CHECK(v.rows_checked > 40);
}

// ---- property: no initiating import reaches another department's rows or the registry ------------

namespace {

/// What an import by `own` must leave alone: other departments' records, entries and department rows,
/// every subject that exists and its codes, every relation.
struct Untouchable {
    std::string records, entries, departments, subjects, codes, relations;
    static Untouchable of(const Database& db, const std::string& own, const std::string& last_subject) {
        Untouchable u;
        u.records = rows_of(db, fmt::format("SELECT r.*, d.name FROM records r JOIN departments d ON d.id = r.department_id "
                                            "WHERE d.name <> '{}' ORDER BY r.id", own));
        u.entries = rows_of(db, fmt::format("SELECT e.*, d.name FROM list_entries e JOIN departments d ON d.id = e.department_id "
                                            "WHERE d.name <> '{}' ORDER BY e.id", own));
        u.departments = rows_of(db, fmt::format("SELECT * FROM departments WHERE name <> '{}' ORDER BY id", own));
        u.subjects = rows_of(db, "SELECT * FROM subjects WHERE id <= " + last_subject + " ORDER BY id");
        u.codes = rows_of(db, "SELECT * FROM subject_codes WHERE subject_id <= " + last_subject + " ORDER BY code");
        u.relations = rows_of(db, "SELECT * FROM relations ORDER BY id");
        return u;
    }
};

} // namespace

TEST_CASE("property: no import by an initiating department changes another department's rows or any registry row") {
    Departments d;
    d.w.relations(World::company(1) + "," + World::person(1) + ",张三,legal_representative,2020-01-01,\n");
    d.w.entries("court.dishonest_debtor," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n"
                "tax.major_violation," + World::company(2) + ",乙公司," + kTax + ",鄂税失〔2026〕1号,2026-06-18,,,,\n");
    const std::vector<std::string> departments = {kCourt, kTax, kSamr, kFinance};
    const std::vector<std::string> codes = {"", kSamrCode, kTaxCode, test::uscc_for(888, '1', '1', "420700")};
    std::mt19937 random(20261204);
    const auto pick = [&](const std::vector<std::string>& v) { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(random)]; };
    const auto one_of = [&](int n) { return std::uniform_int_distribution<int>(1, n)(random); };
    int imported = 0, refused = 0;
    for (int round = 0; round < 150; ++round) {
        const std::string own = pick(departments);
        Database as = d.as(own);
        const std::string last_subject = scalar(d.w.db(), "SELECT max(id) FROM subjects");
        const Untouchable before = Untouchable::of(d.w.db(), own, last_subject);
        const bool penalties = one_of(2) == 1;
        std::string file = penalties ? std::string(kPenaltyHeader)
                                     : "list,subject_code,subject_name,department,document_no,entered_on,status,responsible_person_id,"
                                       "responsible_person_name\n";
        for (int r = one_of(4); r > 0; --r) {
            const std::string department = one_of(3) == 1 ? pick(departments) : own;
            const int company = one_of(12);
            const std::string person = one_of(2) == 1 ? World::person(one_of(20)) : "";
            if (penalties)
                file += fmt::format("{},{},公司{},{},{},2026-0{}-1{},罚款,{},{},某人,{}\n",
                                    pick({"鄂市监罚〔2025〕1号", "鄂税罚〔2025〕9号", fmt::format("P{}", one_of(50))}), World::company(company),
                                    company, department, pick(codes), one_of(9), one_of(9), pick({"minor", "general", "serious"}),
                                    pick({"", "active", "revoked", "repaired"}), person);
            else
                file += fmt::format("{},{},公司{},{},{},2026-0{}-1{},{},{},{}\n",
                                    pick({"court.dishonest_debtor", "tax.major_violation", "samr.serious_illegal"}), World::company(company),
                                    company, department, pick({"(2026)鄂07执1号", "鄂税失〔2026〕1号", fmt::format("L{}", one_of(50))}),
                                    one_of(9), one_of(9), pick({"", "active", "revoked", "removed"}), person, person.empty() ? "" : "某人");
        }
        try {
            import_text(as, penalties ? ImportKind::penalties : ImportKind::lists, file, one_of(2) == 1);
            ++imported;
        } catch (const Error&) {
            ++refused;
        }
        const Untouchable after = Untouchable::of(d.w.db(), own, last_subject);
        CAPTURE(own);
        CAPTURE(file);
        CHECK(after.records == before.records);
        CHECK(after.entries == before.entries);
        CHECK(after.departments == before.departments);
        CHECK(after.subjects == before.subjects);
        CHECK(after.codes == before.codes);
        CHECK(after.relations == before.relations);
    }
    CHECK(imported > 10);
    CHECK(refused > 10);
    CHECK(verify_audit(d.w.db()).intact);
}
