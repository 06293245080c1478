// Users upgrade with their data: a database written by each earlier release (tests/data/releases/,
// one per release, with real content) migrates, its audit trail still verifies — now with its data —
// and every check gives the decision that release gave.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "credcheck/audit.hpp"
#include "credcheck/check.hpp"
#include "credcheck/import.hpp"
#include "store/sqlite.hpp"
#include "test_support.hpp"
#include "world.hpp"

using namespace credcheck;

namespace {

struct Expected {
    std::string code, scenario, as_of, verdict, measures, suspended, green;
};

std::vector<Expected> expected_decisions(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<Expected> out;
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> f;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) f.push_back(line.substr(start, tab - start));
        f.push_back(line.substr(start));
        REQUIRE(f.size() == 7);
        out.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
    }
    return out;
}

/// A decision in the fixture's notation: sorted `code/via/entry` and `code/objection`.
Expected notation(const Decision& d) {
    std::vector<std::string> applied, suspended;
    for (const auto& m : d.measures)
        applied.push_back(fmt::format("{}/{}/{}", m.code, to_string(m.via), m.source ? std::to_string(m.source->entry_id) : ""));
    for (const auto& m : d.suspended) suspended.push_back(fmt::format("{}/{}", m.code, m.objection_id ? std::to_string(*m.objection_id) : "None"));
    std::sort(applied.begin(), applied.end());
    std::sort(suspended.begin(), suspended.end());
    const auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ";") + x;
        return s;
    };
    return {d.subject.code, d.scenario, d.as_of.iso(), std::string(to_string(d.verdict)), join(applied), join(suspended),
            d.green_channel.eligible ? "true" : "false"};
}

} // namespace

TEST_CASE("a database written by release 0.1.0 migrates, verifies with its data, and gives the same decisions") {
    const test::TempDir dir;
    const auto release = test::data_path("releases/0.1.0");
    const auto copy = dir / "credcheck.db";
    std::filesystem::copy_file(release / "credcheck.db", copy);
    {
        sql::Connection c(copy, sql::Connection::Mode::read_only, 1000);
        sql::Query q(c.prepared("PRAGMA user_version"));
        q.step();
        REQUIRE(q.integer(0) == 4);
    }
    // Read-only, it cannot migrate: it says so instead of answering from an old schema.
    CHECK(test::status_of([&] { Database::open(copy, read_only_options()); }) == Status::conflict);

    const Database db = Database::open(copy);
    CHECK(db.schema_version() == 7);
    const AuditVerification v = verify_audit(db);
    CHECK(v.intact);
    CHECK(v.problem == "");
    CHECK(v.entries == 20); // the release's 19, and the migration's own
    CHECK(v.rows_checked > 2000);
    AuditQuery last;
    last.limit = 100;
    const auto entries = audit_entries(db, last);
    REQUIRE(entries.size() == 20);
    CHECK(entries[18].hash == "3ff0093ffe471731a02febd322c2d41f405a50bfa5f016e39996687adc864c2a"); // the release's head, untouched
    CHECK(entries[19].action == "schema.migrate");
    CHECK(entries[19].details.find("\"rows\":") != std::string::npos);

    const Checker checker(db, CheckerOptions{false});
    std::size_t compared = 0, differing = 0;
    for (const Expected& e : expected_decisions(release / "expected_decisions.tsv")) {
        CheckRequest r;
        r.subject = e.code;
        r.scenario = e.scenario;
        r.as_of = Date::parse_or_throw(e.as_of, "as_of");
        const Expected got = notation(checker.check(r));
        ++compared;
        if (got.verdict != e.verdict || got.measures != e.measures || got.suspended != e.suspended || got.green != e.green) {
            if (++differing <= 5)
                FAIL_CHECK(fmt::format("{} {} {}: was {} [{}] [{}] {}, now {} [{}] [{}] {}", e.code, e.scenario, e.as_of, e.verdict, e.measures,
                                       e.suspended, e.green, got.verdict, got.measures, got.suspended, got.green));
        }
    }
    CHECK(compared == 18496);
    CHECK(differing == 0);

    SUBCASE("the migrated file keeps working: a write after the migration verifies too") {
        Database writable = Database::open(copy);
        ImportOptions o;
        o.kind = ImportKind::lists;
        o.today = *Date::from_ymd(2026, 12, 1);
        const auto file = test::write_text(dir / "lists.csv", "list,subject_code,subject_name,department,document_no,entered_on\n"
                                                              "court.dishonest_debtor,91420704MA003BBB3H,鄂州市梁子湖化工有限公司296号,"
                                                              "鄂州市中级人民法院,(2026)鄂07执99号,2026-12-01\n");
        CHECK(import_file(writable, file, o).inserted == 1);
        CHECK(verify_audit(writable).intact);
        CHECK(Checker(writable, CheckerOptions{false})
                  .check(CheckRequest{"91420704MA003BBB3H", std::nullopt, "gov_procurement", *Date::from_ymd(2026, 12, 2), ""})
                  .verdict == Verdict::deny);
    }    SUBCASE("schema 7's wider code kinds hold on the migrated file: a tax registration number is a subject's code") {
        // 0.1's subject_codes refused any kind but uscc, org_code, registration_no and citizen_id: schema 7
        // rewrote the CHECK constraint in place, which only a write through the migrated file shows.
        Database writable = Database::open(copy);
        ImportOptions o;
        o.kind = ImportKind::subjects;
        const auto file = test::write_text(dir / "subjects.csv", "code,name,kind,established_on,status\n"
                                                                 "420704D2143569X,鄂州市税务登记试点有限公司,legal_person,2001-05-01,active\n");
        CHECK(import_file(writable, file, o).inserted == 1);
        CHECK(verify_audit(writable).intact);
        sql::Connection c(copy, sql::Connection::Mode::read_only, 1000);
        sql::Query kinds(c.prepared("SELECT kind FROM subject_codes WHERE code = '420704D2143569X'"));
        REQUIRE(kinds.step());
        CHECK(kinds.text(0) == "tax_no");
        const Checker checker_after(writable, CheckerOptions{false});
        for (const char* code : {"420704D2143569X", "D2143569X"}) { // by the number, and by the organisation code it carries
            INFO(code);
            CHECK(checker_after.check(CheckRequest{code, std::nullopt, "gov_procurement", *Date::from_ymd(2026, 12, 2), ""}).subject.name ==
                  "鄂州市税务登记试点有限公司");
        }
    }
}
