// Importing the files departments really send: workbooks with title rows, their own titles mapped by
// profiles, constants, dry runs, codes in the wild.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/import.hpp"
#include "import/profiles.hpp"
#include "sample_data.hpp"
#include "test_support.hpp"
#include "xlsx_fixture.hpp"

using namespace credcheck;
using test::TempDir;

namespace {

const Date kToday = *Date::from_ymd(2026, 11, 28);

ImportOptions options_for(ImportKind kind) {
    ImportOptions o;
    o.kind = kind;
    o.today = kToday;
    return o;
}

std::string export_of(const Database& db, ImportKind kind) {
    std::ostringstream out;
    export_table(db, ExportOptions{kind, FileFormat::csv}, out);
    return out.str();
}

std::string write_bytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
}

/// An inline-string cell, or a number cell.
std::string text_cell(const std::string& ref, const std::string& text) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + test::xml_escape(text) + "</t></is></c>";
}
std::string number_cell(const std::string& ref, const std::string& value, int style = 0) {
    return "<c r=\"" + ref + "\" s=\"" + std::to_string(style) + "\"><v>" + value + "</v></c>";
}

const std::vector<std::string> kTitles = {"行政处罚决定书文号", "行政相对人名称", "统一社会信用代码", "处罚类别", "罚款金额（万元）", "处罚决定日期", "处罚机关"};

/// A penalty sheet as departments make them: a title row, an instruction block, the header on row 4,
/// document numbers and dates stored as numbers.
std::string penalty_sheet(int rows, bool date1904) {
    std::string data = "<row r=\"1\">" + text_cell("A1", "2026年鄂州市行政处罚信息公示表") + "</row>";
    data += "<row r=\"2\">" + text_cell("A2", "填表说明：\n1. 带*为必填项\n2. 日期为YYYY-MM-DD") + "</row>";
    data += "<row r=\"4\">";
    for (std::size_t i = 0; i < kTitles.size(); ++i) data += text_cell(std::string(1, static_cast<char>('A' + i)) + "4", (i == 1 ? "*" : "") + kTitles[i]);
    data += "</row>";
    for (int n = 1; n <= rows; ++n) {
        const std::string r = std::to_string(4 + n);
        data += "<row r=\"" + r + "\">" + number_cell("A" + r, std::to_string(201312140 + n)) +
                text_cell("B" + r, "鄂州市样本有限公司" + std::to_string(n)) + text_cell("C" + r, test::uscc_for(static_cast<std::uint32_t>(n))) +
                text_cell("D" + r, "罚款") + number_cell("E" + r, "0.20000000000000001") +
                number_cell("F" + r, date1904 ? "44661" : "46123", 1) + text_cell("G" + r, "鄂州市市场监督管理局") + "</row>";
    }
    return data;
}

std::string penalty_workbook(int rows, bool date1904 = false) {
    test::XlsxParts p;
    p.sheets = {{"处罚", penalty_sheet(rows, date1904)}, {"Sheet2", ""}};
    p.cell_xfs = R"(<xf numFmtId="0"/><xf numFmtId="14"/>)";
    p.date1904 = date1904;
    return test::make_xlsx(p);
}

std::string penalty_csv(int rows) {
    std::string text;
    for (std::size_t i = 0; i < kTitles.size(); ++i) text += (i ? "," : "") + kTitles[i];
    text += "\n";
    for (int n = 1; n <= rows; ++n)
        text += std::to_string(201312140 + n) + ",鄂州市样本有限公司" + std::to_string(n) + "," + test::uscc_for(static_cast<std::uint32_t>(n)) +
                ",罚款,0.2,2026-04-11,鄂州市市场监督管理局\n";
    return text;
}

} // namespace

TEST_CASE("an XLSX penalty file with title rows imports exactly as its CSV twin") {
    TempDir dir;
    Database from_csv = init_database(dir / "csv.db");
    Database from_xlsx = init_database(dir / "xlsx.db");
    import_file(from_csv, test::write_text(dir / "p.csv", penalty_csv(30)), options_for(ImportKind::penalties));
    const ImportReport report = import_file(from_xlsx, write_bytes(dir / "p.xlsx", penalty_workbook(30)), options_for(ImportKind::penalties));
    CHECK(report.inserted == 30);
    CHECK(report.source.format == "XLSX (Office Open XML workbook)");
    CHECK(report.source.sheet == "处罚");
    CHECK(report.source.sheet_reason == "the only visible sheet with data");
    CHECK(report.source.header_row == 4);
    CHECK(report.source.skipped_rows.size() == 2);
    CHECK(export_of(from_xlsx, ImportKind::penalties) == export_of(from_csv, ImportKind::penalties));
    CHECK(export_of(from_xlsx, ImportKind::subjects) == export_of(from_csv, ImportKind::subjects));
    SUBCASE("the same dates in a workbook of the 1904 date system") {
        Database from_1904 = init_database(dir / "1904.db");
        import_file(from_1904, write_bytes(dir / "p1904.xlsx", penalty_workbook(30, true)), options_for(ImportKind::penalties));
        CHECK(export_of(from_1904, ImportKind::penalties) == export_of(from_csv, ImportKind::penalties));
    }
}

TEST_CASE("a dry run reads and validates every row, shows how, and writes nothing") {
    TempDir dir;
    Database db = init_database(dir / "db");
    ImportOptions o = options_for(ImportKind::penalties);
    o.dry_run = true;
    const auto before = db.data_version();
    const ImportReport report = import_file(db, write_bytes(dir / "p.xlsx", penalty_workbook(8)), o);
    CHECK(report.dry_run);
    CHECK_FALSE(report.committed);
    CHECK(report.rows == 8);
    CHECK(report.inserted == 8);
    CHECK(db.data_version() == before);
    CHECK(export_of(db, ImportKind::penalties) == export_of(init_database(dir / "empty.db"), ImportKind::penalties));
    REQUIRE(report.preview.size() == 5);
    CHECK(report.preview[0].line == 5);
    const auto& values = report.preview[0].values;
    CHECK(std::find(values.begin(), values.end(), std::pair<std::string, std::string>{"document_no", "201312141"}) != values.end());
    CHECK(std::find(values.begin(), values.end(), std::pair<std::string, std::string>{"decided_on", "2026-04-11"}) != values.end());
    CHECK(std::find(values.begin(), values.end(), std::pair<std::string, std::string>{"fine_10k_yuan", "0.2"}) != values.end());
    REQUIRE(report.source.columns.size() == 7);
    CHECK(report.source.columns[1].title == "*行政相对人名称");
    CHECK(report.source.columns[1].use == "mapped");
    CHECK(report.source.columns[1].column == "subject_name");
    SUBCASE("a file that would be refused shows its mapping and why") {
        const std::string csv = "行政处罚决定书文号,行政相对人名称,联系电话\nA1,甲,123\n";
        const ImportReport refused = import_file(db, test::write_text(dir / "r.csv", csv), o);
        CHECK(refused.source.columns[2].use == "unknown");
        REQUIRE(refused.refusals.size() >= 2);
        CHECK(refused.refusals[0].find("unknown column '联系电话'") != std::string::npos);
        CHECK(refused.rows == 0); // no row is validated
        CHECK(refused.preview.size() == 1);
    }
}

TEST_CASE("a rejected all-or-nothing import reports no row as inserted") {
    TempDir dir;
    Database db = init_database(dir / "db");
    std::string csv = penalty_csv(5);
    csv += "X9,乙,not-a-code,罚款,0.2,2026-04-11,鄂州市市场监督管理局\n";
    try {
        import_file(db, test::write_text(dir / "p.csv", csv), options_for(ImportKind::penalties));
        FAIL("expected ImportRejected");
    } catch (const ImportRejected& e) {
        CHECK(e.report().rows == 6);
        CHECK(e.report().rejected == 1);
        CHECK(e.report().inserted == 0);
        CHECK(e.report().subjects_created == 0);
        CHECK_FALSE(e.report().committed);
        CHECK(std::string(e.what()).find("(first: line 7, column 统一社会信用代码") != std::string::npos);
    }
}

TEST_CASE("a row error in a workbook names its sheet and row, and its rejects file imports again as CSV") {
    TempDir dir;
    Database db = init_database(dir / "db");
    std::string sheet = penalty_sheet(3, false);
    sheet += "<row r=\"9\">" + text_cell("A9", "X9") + text_cell("B9", "乙") + text_cell("C9", "91420704MA0000277O") + text_cell("D9", "罚款") +
             number_cell("F9", "46123", 1) + text_cell("G9", "鄂州市市场监督管理局") + "</row>";
    test::XlsxParts p;
    p.sheets = {{"处罚", sheet}};
    p.cell_xfs = R"(<xf numFmtId="0"/><xf numFmtId="14"/>)";
    ImportOptions o = options_for(ImportKind::penalties);
    o.partial = true;
    o.rejects = dir / "rejects.csv";
    const ImportReport report = import_file(db, write_bytes(dir / "p.xlsx", test::make_xlsx(p)), o);
    CHECK(report.inserted == 3);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.where(report.problems[0].line) == "sheet '处罚' row 9");
    const std::string rejects = test::read_file(dir / "rejects.csv");
    CHECK(rejects.find("reject_reason") != std::string::npos);
    CHECK(rejects.find("sheet '处罚' row 9: 统一社会信用代码: position 18: 'O' is not in the code alphabet") != std::string::npos);
}

TEST_CASE("a profile maps a department's titles and constants; --set adds constants") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const std::string code = test::uscc_for(7);
    const std::string existing = test::uscc_for(8);
    import_file(db, test::write_text(dir / "s.csv", "code,name,kind\n" + existing + ",鄂州市老字号有限公司,legal_person\n"), options_for(ImportKind::subjects));
    test::XlsxParts p;
    p.sheets = {{"A级", "<row r=\"1\">" + text_cell("A1", "2025年度纳税信用A级纳税人名单") + "</row><row r=\"2\">" + text_cell("A2", "序号") +
                            text_cell("B2", "纳税人识别号") + text_cell("C2", "纳税人名称") + text_cell("D2", "评价年度") + "</row>" +
                            "<row r=\"3\">" + number_cell("A3", "1") + text_cell("B3", code) + text_cell("C3", "鄂州市守信有限公司") +
                            number_cell("D3", "2025") + "</row>" + "<row r=\"4\">" + number_cell("A4", "2") +
                            text_cell("B4", "420704" + existing.substr(8, 9)) + text_cell("C4", "鄂州市老字号有限公司") + number_cell("D4", "2025") +
                            "</row>"}};
    const std::string file = write_bytes(dir / "a.xlsx", test::make_xlsx(p));
    ImportOptions o = options_for(ImportKind::lists);
    o.profile = "tax_a_grade";
    SUBCASE("without the date it has no column for, the import says how to give it") {
        const std::string message = test::error_of([&] { import_file(db, file, o); });
        CHECK(message.find("missing required column department (or 认定部门)") != std::string::npos);
        CHECK(message.find("--set department=VALUE") != std::string::npos);
    }
    SUBCASE("with it, every row gets the list, the department and the date") {
        o.constants = {"entered_on=2026-04-15", "department=国家税务总局鄂州市税务局"};
        const ImportReport report = import_file(db, file, o);
        CHECK(report.inserted == 2);
        CHECK(report.source.profile == "tax_a_grade");
        const std::string lists = export_of(db, ImportKind::lists);
        CHECK(lists.find("tax.a_grade," + code + ",鄂州市守信有限公司,legal_person,国家税务总局鄂州市税务局,2025,2026-04-15") != std::string::npos);
        // The tax registration number resolved to the subject of its organisation code, and became its code.
        CHECK(lists.find("tax.a_grade," + existing + ",鄂州市老字号有限公司") != std::string::npos);
        CHECK(export_of(db, ImportKind::subjects).find("420704" + existing.substr(8, 9)) != std::string::npos);
    }
    SUBCASE("a column the file has and a constant gives is refused, whichever wins") {
        const std::string with_office = test::make_xlsx("<row r=\"1\">" + text_cell("A1", "纳税人识别号") + text_cell("B1", "纳税人名称") +
                                                        text_cell("C1", "税务机关") + "</row>");
        o.constants = {"entered_on=2026-04-15", "department=国家税务总局鄂州市税务局"};
        CHECK(test::error_of([&] { import_file(db, write_bytes(dir / "b.xlsx", with_office), o); })
                  .find("column department is given by the file ('税务机关') and as a constant") != std::string::npos);
    }
    SUBCASE("a profile of another kind, or a constant of no column, is refused") {
        o.kind = ImportKind::penalties;
        CHECK(test::error_of([&] { import_file(db, file, o); }) == "profile tax_a_grade is for lists, not penalties");
        o.kind = ImportKind::lists;
        o.constants = {"colour=red"};
        CHECK(test::error_of([&] { import_file(db, file, o); }).find("'colour' is not a column of lists") != std::string::npos);
    }
}

TEST_CASE("profiles are parsed strictly, naming the line") {
    using import::parse_profile;
    const auto p = parse_profile("# comment\n@kind lists\n@name 测试\n单位名称 → subject_name\n序号 -> -\nlist = tax.a_grade\n", "t.profile");
    CHECK(p.kind == ImportKind::lists);
    CHECK(p.description == "测试");
    CHECK(p.titles.size() == 2);
    CHECK(p.constants.size() == 1);
    CHECK(test::error_of([] { parse_profile("单位名称 -> subject_name\n", "t"); }) == "profile t: no @kind line (subjects, relations, lists, licenses or penalties)");
    CHECK(test::error_of([] { parse_profile("@kind lists\n单位名称 -> nothing\n", "t"); }).find("profile t line 2: 'nothing' is not a column of lists") == 0);
    CHECK(test::error_of([] { parse_profile("@kind lists\nA -> subject_name\n a  -> reason\n", "t"); }).find("line 3: title 'a' is mapped twice") !=
          std::string::npos);
    CHECK(test::error_of([] { parse_profile("@kind lists\n@colour red\n", "t"); }).find("unknown directive @colour") != std::string::npos);
    CHECK(test::error_of([] { parse_profile("@kind lists\nlist = a\nlist = b\n", "t"); }).find("column list is given a value twice") != std::string::npos);
    CHECK(test::status_of([] { import::load_profile("no_such_profile"); }) == Status::not_found);
    for (const auto& [name, text] : import::builtin_profiles()) {
        CAPTURE(name);
        CHECK(import::load_profile(name).name == name);
    }
}

TEST_CASE("codes in the wild are imported as the file says: normalised and counted, admitted only when asked, masked ones refused") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const std::string code = test::uscc_for(21);
    const std::string pilot = "91350100M000100Y4X";
    const std::string csv = "code,name,kind,code_admitted\n'" + code + ",甲,legal_person,\n" + pilot + ",乙,legal_person,是\n" +
                            "91350100M000100Y4Y,丙,legal_person,\n" + "9114082306****333G,丁,legal_person,\n" + "11010519491231002X01,戊,individual_business,\n";
    ImportOptions o = options_for(ImportKind::subjects);
    o.partial = true;
    const ImportReport report = import_file(db, test::write_text(dir / "s.csv", csv), o);
    CHECK(report.inserted == 3);
    CHECK(report.rejected == 2);
    REQUIRE(report.warnings.size() == 1);
    CHECK(report.warnings[0].line == 3);
    CHECK(report.warnings[0].reason.find("check character is 'X', expected '3': admitted as issued, as the file says") == 0);
    REQUIRE(report.normalized_codes.size() == 1);
    CHECK(report.normalized_codes[0] == std::pair<std::string, std::uint64_t>{"removed Excel's leading apostrophe", 1});
    CHECK(report.problems[0].reason == "check character is 'Y', expected '3'");
    CHECK(report.problems[1].reason.find("is a masked code") == 0);
    CHECK(export_of(db, ImportKind::subjects).find(pilot + ",乙,legal_person") != std::string::npos);
    CHECK(db.find_subject("11010519491231002X01")->kind == SubjectKind::individual_business);
    SUBCASE("a profile may admit every such code of its file") {
        Database other = init_database(dir / "other.db");
        const auto profile = test::write_text(dir / "pilot.profile", "@kind subjects\n@admit_codes_failing_check_character\n");
        ImportOptions with = options_for(ImportKind::subjects);
        with.profile = profile.string();
        const ImportReport admitted = import_file(other, test::write_text(dir / "p.csv", "code,name\n91350100M000100Y4Y,丙\n"), with);
        CHECK(admitted.inserted == 1);
        CHECK(admitted.warnings.size() == 1);
    }
}
