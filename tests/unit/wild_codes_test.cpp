// Identifiers as they are in the wild: the older codes real files carry, what normalisation takes and
// reports, masked codes, codes admitted as issued — in identify(), and in the must-check.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fstream>
#include <string>

#include "credcheck/batch_input.hpp"
#include "credcheck/check.hpp"
#include "credcheck/registration_no.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/legacy_codes.hpp"
#include "credcheck/normalize.hpp"
#include "sample_data.hpp"
#include "test_support.hpp"
#include "world.hpp"
#include "xlsx_fixture.hpp"

using namespace credcheck;
using test::World;

namespace {

/// The organisation code embedded in a sample company's USCC, e.g. for its tax registration number.
std::string org_code_of(const std::string& uscc) { return uscc.substr(8, 9); }

/// GB 32100's worked example with its check character changed: a Fujian pilot code's shape.
const std::string kPilotCode = "91350100M000100Y4X";

} // namespace

TEST_CASE("a 15-character tax registration number is a division and an organisation code whose check is verified") {
    const auto id = identify("420704192203821"); // 华为's organisation code 19220382-1, under 鄂城区
    REQUIRE(id.ok());
    CHECK(id.kind() == IdentifierKind::tax_registration_no);
    CHECK(id.get<TaxRegistrationNo>()->division() == "420704");
    CHECK(id.get<TaxRegistrationNo>()->org_code().display() == "19220382-1");
    SUBCASE("with letters in its organisation code") {
        const auto letters = identify("420704MA4924Y80" + std::string(""));
        // An organisation code of letters cannot be a registration number: the diagnostic is the tax number's.
        CHECK(letters.closest_kind() == IdentifierKind::tax_registration_no);
    }
    SUBCASE("a wrong check character in the organisation code is found where it is") {
        const auto bad = identify("420704192203822");
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error()->position == 15);
        CHECK(bad.error()->message.find("check character is '2', expected '1'") != std::string::npos);
    }
    SUBCASE("a string that is both a registration number and a tax registration number is read as its column says") {
        // Find a 15-digit string valid both ways: the registration number wins in identify(), the column decides.
        for (int n = 0; n < 100000; ++n) {
            const std::string body = fmt::format("420704{:08}", n);
            const char check = RegistrationNo::compute_check_digit(body);
            const std::string text = body + check;
            if (!TaxRegistrationNo::parse(text)) continue;
            CHECK(identify(text).kind() == IdentifierKind::registration_no);
            CHECK(identify_as(text, IdentifierKind::tax_registration_no).kind() == IdentifierKind::tax_registration_no);
            return;
        }
        FAIL("no string of both kinds found");
    }
}

TEST_CASE("a 20-character taxpayer number is a checked ID number and two digits, masked like one") {
    const auto id = identify("11010519491231002X01");
    REQUIRE(id.ok());
    CHECK(id.kind() == IdentifierKind::taxpayer_no);
    CHECK(id.get<TaxpayerNo>()->masked() == "110105********002X01");
    CHECK(identify("11010519491231002701").error()->message.find("the ID number in it: check character") == 0);
    CHECK(identify("11010519491231002XAB").error()->message.find("the sequence") == 0);
}

TEST_CASE("a 13-digit registration number is recognised by shape and province only, and says so") {
    const auto id = identify("4201061234567");
    REQUIRE(id.ok());
    CHECK(id.kind() == IdentifierKind::registration_no_13);
    CHECK(id.note() == "no check digit: recognised by its shape and province only");
    CHECK_FALSE(identify("9901061234567").ok()); // 99 is no province
}

TEST_CASE("a foreign-invested enterprise's registration number is recognised in its forms") {
    for (const char* text : {"企合浙绍总字第002112号", "企独苏苏总字第001234号", "企作粤穗总副字第000123号", "企合京总字002号", "企合浙绍总字第００２１１２号"}) {
        CAPTURE(text);
        const auto id = identify(text);
        REQUIRE(id.ok());
        CHECK(id.kind() == IdentifierKind::foreign_registration_no);
    }
    CHECK(identify("企合浙绍总字第００２１１２号").normalized() == "企合浙绍总字第002112号");
    for (const char* text : {"企业浙绍总字第002112号", "企合浙绍字第002112号", "企合浙绍总字第号", "企合浙绍总字第002112"}) {
        CAPTURE(text);
        CHECK_FALSE(identify(text).ok());
        CHECK(identify(text).closest_kind() == IdentifierKind::foreign_registration_no);
    }
}

TEST_CASE("normalisation takes Excel's apostrophe, quotes, full-width and lower case, and reports each") {
    const std::string code = "91350100M000100Y43";
    struct Case {
        std::string text;
        CodeChanges changes;
    };
    for (const Case& c : {Case{"'" + code, CodeChanges::apostrophe}, Case{"\"" + code + "\"", CodeChanges::quotes},
                          Case{"“" + code + "”", CodeChanges::quotes}, Case{"91350100m000100y43", CodeChanges::lower_case},
                          Case{"９１３５０１００Ｍ０００１００Ｙ４３", CodeChanges::full_width},
                          Case{" 9135 0100 M000 100Y 43 ", CodeChanges::spaces}, Case{code, CodeChanges::none}}) {
        CAPTURE(c.text);
        const auto id = identify(c.text);
        REQUIRE(id.ok());
        CHECK(id.normalized() == code);
        CHECK(id.changes() == c.changes);
    }
    CHECK(describe_changes(CodeChanges::apostrophe | CodeChanges::full_width) == "folded full-width characters, removed Excel's leading apostrophe");
    CHECK(identify("19220382-1").changes() == CodeChanges::none); // the printed form of an organisation code
    SUBCASE("a letter typed for a digit is never guessed") {
        CHECK_FALSE(identify("9135O1OOM000100Y43").ok());
        CHECK_FALSE(identify("9135010OM000100Y43").fails_only_check_character());
        CHECK_FALSE(identify("91350100M000100Y4O").fails_only_check_character());
    }
}

TEST_CASE("a masked code is recognised as masked and never identifies anything") {
    const auto company = identify("9114082306****333G");
    CHECK_FALSE(company.ok());
    REQUIRE(company.masked().has_value());
    CHECK(company.masked()->kind == IdentifierKind::uscc);
    CHECK(company.closest_kind() == IdentifierKind::uscc);
    CHECK(company.error()->message.find("is a masked code (4 of its 18 characters hidden by *): it cannot identify a subject") == 0);
    const auto person = identify("3208191960****6833");
    REQUIRE(person.masked().has_value());
    CHECK(person.masked()->kind == IdentifierKind::citizen_id);
    CHECK(person.masked()->fits("320819196001016833"));
    CHECK_FALSE(person.masked()->fits("320819197001016833"));
    CHECK(identify("3208191960＊＊＊＊6833").masked().has_value()); // full-width stars
}

TEST_CASE("a code failing only its check character is admitted as issued only when asked, never by identify") {
    const auto failed = identify(kPilotCode);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.fails_only_check_character());
    const auto admitted = admit_as_issued(failed);
    REQUIRE(admitted.ok());
    CHECK(admitted.admitted());
    CHECK(admitted.kind() == IdentifierKind::uscc);
    CHECK(admitted.normalized() == kPilotCode);
    CHECK(admitted.note() == "admitted as issued although its check character is 'X', expected '3'");
    SUBCASE("what fails more than its check character is not admitted") {
        const auto worse = identify("94110000MA00000070"); // category 4 is not used by authority 9
        CHECK_FALSE(worse.fails_only_check_character());
        CHECK_FALSE(admit_as_issued(worse).ok());
    }
}

TEST_CASE("a masked code with a name checks the one subject of that name whose code fits, as a name match") {
    World w;
    const std::string code = World::company(1);
    const std::string twin = World::company(2);
    w.subjects(code + ",鄂州市同名有限公司,legal_person,2010-01-01,active\n" + twin + ",鄂州市另一有限公司,legal_person,2010-01-01,active\n");
    w.entries("court.dishonest_debtor," + code + ",鄂州市同名有限公司,鄂州市中级人民法院,(2026)鄂07执1号,2026-01-05,,,,\n");
    std::string masked = code;
    masked.replace(10, 4, "****");
    CheckRequest r;
    r.subject = masked;
    r.scenario = "gov_procurement";
    r.as_of = test::kAsOf;
    const Checker checker(w.db(), CheckerOptions{false});
    SUBCASE("without a name it cannot identify the subject") {
        CHECK(test::status_of([&] { checker.check(r); }) == Status::invalid_identifier);
    }
    SUBCASE("with the name, the subject is found by name and the decision says so") {
        r.subject_name = "鄂州市同名有限公司";
        const Decision d = checker.check(r);
        CHECK(d.subject.found);
        CHECK(d.subject.code == code);
        CHECK(d.subject.matched_by == SubjectMatch::name);
        CHECK(d.verdict != Verdict::allow);
        REQUIRE_FALSE(d.caveats.empty());
        CHECK(d.caveats.back().find("not by a code") != std::string::npos);
    }
    SUBCASE("a name no subject with a fitting code has is an error, never an allow") {
        r.subject_name = "鄂州市另一有限公司"; // its code does not fit the mask
        const std::string message = test::error_of([&] { checker.check(r); });
        CHECK(message.find("no subject named '鄂州市另一有限公司' has a code that fits it") != std::string::npos);
    }
}

TEST_CASE("a tax registration number checks the subject of its organisation code") {
    World w;
    const std::string code = World::company(3);
    w.subjects(code + ",鄂州市税号有限公司,legal_person,2010-01-01,active\n");
    w.entries("court.dishonest_debtor," + code + ",鄂州市税号有限公司,鄂州市中级人民法院,(2026)鄂07执3号,2026-01-05,,,,\n");
    const Decision d = w.check("420704" + org_code_of(code), "gov_procurement");
    CHECK(d.subject.found);
    CHECK(d.subject.code == code);
    CHECK(d.subject.matched_by == SubjectMatch::code);
    CHECK_FALSE(d.measures.empty());
}

TEST_CASE("a code admitted as issued on import is checked with a caveat; one never admitted stays invalid") {
    World w;
    CHECK(test::status_of([&] { w.check(kPilotCode, "gov_procurement"); }) == Status::invalid_identifier);
    w.load(ImportKind::subjects, "code,name,kind,code_admitted\n" + kPilotCode + ",福州试点代码有限公司,legal_person,是\n");
    const Decision d = w.check(kPilotCode, "gov_procurement");
    CHECK(d.subject.found);
    CHECK(d.subject.name == "福州试点代码有限公司");
    REQUIRE_FALSE(d.caveats.empty());
    CHECK(d.caveats.back().find("fails its check character") != std::string::npos);
    CHECK(d.verdict == Verdict::review);
}

TEST_CASE("a batch from a file checks every subject it can and gives each of the others its reason and row") {
    World w;
    const std::string code = World::company(4);
    w.subjects(code + ",鄂州市批量有限公司,legal_person,2010-01-01,active\n");
    const Checker checker(w.db(), CheckerOptions{false});
    CheckRequest common;
    common.scenario = "gov_procurement";
    common.as_of = test::kAsOf;
    const std::vector<Checker::BatchItem> items = {{code, "", 2}, {"统一社会信用代码", "", 3}, {"9114082306****333G", "", 4}, {"'" + code, "", 5}};
    const auto outcomes = checker.check_each(items, common);
    REQUIRE(outcomes.size() == 4);
    CHECK(outcomes[0].decision.has_value());
    CHECK(outcomes[0].row == 2);
    CHECK_FALSE(outcomes[1].decision.has_value());
    CHECK(outcomes[1].status == Status::invalid_identifier);
    CHECK(outcomes[1].row == 3);
    CHECK(outcomes[2].error.find("masked code") != std::string::npos);
    CHECK(outcomes[3].decision->subject.code == code);
    SUBCASE("an unknown scenario still fails the whole call") {
        common.scenario = "nope";
        CHECK(test::status_of([&] { checker.check_each(items, common); }) == Status::invalid_argument);
    }
}

TEST_CASE("a batch's plain list is read as departments save it: a title in UTF-8 or GBK, CRLF, comments; UTF-16 and workbooks refused") {
    const test::TempDir dir;
    const std::string code = World::company(4);
    const auto write = [&](const std::string& name, const std::string& bytes) {
        const auto path = dir / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    };
    SUBCASE("a UTF-8 title with a byte order mark, CRLF, a comment and a blank line") {
        const BatchInput in = read_batch_input(write("list.txt", "\xEF\xBB\xBF统一社会信用代码\r\n" + code + "\r\n# 第二批\r\n\r\n" + code + "\r\n"), {});
        REQUIRE(in.items.size() == 2);
        CHECK(in.items[0].subject == code);
        CHECK(in.items[0].row == 2);
        CHECK(in.items[1].row == 5);
        CHECK(in.where(5) == "line 5");
    }
    SUBCASE("a title typed on a Chinese Windows (GBK) is a title, not a code that fails") {
        // 统一社会信用代码 in GBK
        const std::string gbk_title = "\xCD\xB3\xD2\xBB\xC9\xE7\xBB\xE1\xD0\xC5\xD3\xC3\xB4\xFA\xC2\xEB";
        const BatchInput in = read_batch_input(write("gbk.txt", gbk_title + "\r\n" + code + "\r\n"), {});
        REQUIRE(in.items.size() == 1);
        CHECK(in.items[0].subject == code);
    }
    SUBCASE("a first line that is no title is a code like the others") {
        const BatchInput in = read_batch_input(write("bare.txt", code + "\n91420704MA003B214X\n"), {});
        CHECK(in.items.size() == 2);
    }
    SUBCASE("refused, saying what to do") {
        const auto refused = [&](const std::filesystem::path& p, const BatchInputOptions& o, std::string_view says) {
            try {
                read_batch_input(p, o);
                FAIL("read " << p);
            } catch (const Error& e) {
                CHECK(e.status() == Status::invalid_argument);
                CHECK(std::string(e.what()).find(says) != std::string::npos);
            }
        };
        refused(write("u16.txt", std::string("\xFF\xFE", 2) + std::string("9\0001\0", 4)), {}, "UTF-16");
        refused(write("book.xlsx", test::make_xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", {"统一社会信用代码"})), {},
                "XLSX (Office Open XML workbook): name its column of codes");
        refused(write("report.pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), {}, "PDF");
        refused(write("table.csv", "名称,统一社会信用代码\n甲," + code + "\n"), {}, "name its column of codes");
        refused(write("list2.txt", code + "\n"), BatchInputOptions{"", "", "Sheet1"}, "name its column of codes too");
        CHECK(test::status_of([&] { read_batch_input(dir / "missing.txt", {}); }) == Status::not_found);
    }
}

TEST_CASE("a byte that is no UTF-8 is kept for the parser to report, never taken for a no-break space") {
    // 0xA0 alone is the second byte of U+00A0's encoding, not the character (found by fuzzing: it was
    // trimmed as a two-byte space from a one-byte text).
    for (const std::string& text : {std::string("\r\xA0"), std::string("\xA0"), std::string("9\xA0"), std::string("\xA0 "), std::string(" \xC2")}) {
        INFO(text.size());
        const NormalizedCode n = normalize_code_reporting(text);
        CHECK(n.text.find_first_of("\xA0\xC2") != std::string::npos);
        CHECK_FALSE(identify(text).ok());
    }
    CHECK(normalize_code("\xC2\xA0" "D2143569-X\xC2\xA0") == "D2143569X"); // a real no-break space is trimmed
}
