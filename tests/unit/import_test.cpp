#include <doctest/doctest.h>

#include <iconv.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/import.hpp"
#include "credcheck/registration_no.hpp"
#include "sample_data.hpp"
#include "test_support.hpp"

using namespace credcheck;
using test::TempDir;

namespace {

const Date kToday = *Date::from_ymd(2026, 11, 28);
const std::string kDepartmentUscc = "11420700MA0000007U"; // 鄂州市市场监督管理局 (synthetic)

const char* kPenaltyHeader =
    "行政处罚决定书文号,行政相对人名称,行政相对人类别,统一社会信用代码,证件号码,法定代表人,法定代表人证件号码,违法行为类型,"
    "违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚机关,处罚机关统一社会信用代码,数据来源单位,备注\n";

std::string penalty_row(int n, const std::string& decided = "2017/8/3", const std::string& fine = "0.2") {
    return "鄂州市监罚〔2017〕" + std::to_string(n) + "号,鄂州市样本商贸有限公司" + std::to_string(n) + ",法人及非法人组织," +
           test::uscc_for(static_cast<std::uint32_t>(n)) + ",,张" + std::to_string(n) + "," +
           test::citizen_id_for(static_cast<std::uint32_t>(n)) + ",食品安全,\"销售\"\"过期\"\"食品, 三批次\",食品安全法第一百二十四条," +
           "罚款;没收违法所得,罚款并没收," + fine + "," + decided + ",鄂州市市场监督管理局," + kDepartmentUscc + ",,\n";
}

std::string penalties_file(int rows, int bad_row = 0) {
    std::string text = kPenaltyHeader;
    for (int n = 1; n <= rows; ++n) text += penalty_row(n, n == bad_row ? "2017-02-30" : "2017/8/3");
    return text;
}

ImportOptions options_for(ImportKind kind) {
    ImportOptions o;
    o.kind = kind;
    o.today = kToday;
    return o;
}

std::string export_of(const Database& db, ImportKind kind, FileFormat format = FileFormat::csv) {
    std::ostringstream out;
    export_table(db, ExportOptions{kind, format}, out);
    return out.str();
}

std::string integrity_of(const std::filesystem::path& path) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
    sqlite3_step(st);
    std::string result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return result;
}

std::string to_gb18030(const std::string& utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* o = out.data();
    std::size_t out_left = out.size();
    REQUIRE(iconv(cd, &in, &in_left, &o, &out_left) != static_cast<std::size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

} // namespace

TEST_CASE("a 双公示 penalty file with Chinese titles imports, creating subjects and legal representatives") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const auto file = test::write_text(dir / "p.csv", penalties_file(3));
    const ImportReport report = import_file(db, file, options_for(ImportKind::penalties));
    CHECK(report.committed);
    CHECK(report.rows == 3);
    CHECK(report.inserted == 3);
    CHECK(report.rejected == 0);
    CHECK(report.subjects_created == 6); // three companies, three legal representatives

    SUBCASE("the company is found by its USCC and by its embedded organisation code (存量代码)") {
        const auto company = db.find_subject(test::uscc_for(2));
        REQUIRE(company);
        CHECK(company->name == "鄂州市样本商贸有限公司2");
        CHECK(company->kind == SubjectKind::legal_person);
        CHECK(company->division == "420704");
        const auto by_org = db.find_subject(Uscc::parse(test::uscc_for(2))->org_code().display());
        REQUIRE(by_org);
        CHECK(by_org->id == company->id);
    }
    SUBCASE("the legal representative is a natural person linked to the company (落实到人)") {
        const auto company = db.find_subject(test::uscc_for(1)).value();
        const auto person = db.find_subject(test::citizen_id_for(1)).value();
        CHECK(person.kind == SubjectKind::natural_person);
        CHECK(person.name == "张1");
        const auto relations = db.relations_of(company.id);
        REQUIRE(relations.size() == 1);
        CHECK(relations[0].person_id == person.id);
        CHECK(relations[0].role == Role::legal_representative);
    }
    SUBCASE("the record holds its fields, with the severity the penalty types imply") {
        const auto company = db.find_subject(test::uscc_for(1)).value();
        const auto records = db.records_of(company.id);
        REQUIRE(records.size() == 1);
        CHECK(records[0].kind == RecordKind::penalty);
        CHECK(records[0].decided_on.iso() == "2017-08-03");
        CHECK(records[0].severity == Severity::general); // confiscation
        CHECK(records[0].document_no == "鄂州市监罚〔2017〕1号");
        const auto department = db.department(records[0].department_id).value();
        CHECK(department.name == "鄂州市市场监督管理局");
        CHECK(department.uscc == kDepartmentUscc);
    }
}

TEST_CASE("the CF_ field codes are accepted as column titles") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const std::string text = "CF_WSH,CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_CFLB,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_NR_FK,BZ\n"
                             "鄂州罚〔2020〕1号,某公司,法人及非法人组织," + test::uscc_for(5) + ",警告,20200105,鄂州市市场监督管理局," +
                             kDepartmentUscc + ",,\n";
    const auto report = import_file(db, test::write_text(dir / "cf.csv", text), options_for(ImportKind::penalties));
    CHECK(report.inserted == 1);
    const auto records = db.records_of(db.find_subject(test::uscc_for(5))->id);
    REQUIRE(records.size() == 1);
    CHECK(records[0].severity == Severity::minor); // a warning
}

TEST_CASE("importing the same file twice changes nothing") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const auto file = test::write_text(dir / "p.csv", penalties_file(50));
    import_file(db, file, options_for(ImportKind::penalties));
    const auto version = db.data_version();
    const auto before = export_of(db, ImportKind::penalties);
    const ImportReport again = import_file(db, file, options_for(ImportKind::penalties));
    CHECK(again.unchanged == 50);
    CHECK(again.inserted == 0);
    CHECK(again.updated == 0);
    CHECK(again.subjects_created == 0);
    CHECK(db.data_version() == version);
    CHECK(export_of(db, ImportKind::penalties) == before);
}

TEST_CASE("a corrected row with the same key updates the record and keeps its history") {
    TempDir dir;
    Database db = init_database(dir / "db");
    import_file(db, test::write_text(dir / "a.csv", std::string(kPenaltyHeader) + penalty_row(1)), options_for(ImportKind::penalties));
    const auto version = db.data_version();
    const auto report = import_file(db, test::write_text(dir / "b.csv", std::string(kPenaltyHeader) + penalty_row(1, "2017/8/4", "0.25")),
                                    options_for(ImportKind::penalties));
    CHECK(report.updated == 1);
    CHECK(db.data_version() == version + 1);
    const auto records = db.records_of(db.find_subject(test::uscc_for(1))->id);
    REQUIRE(records.size() == 1);
    CHECK(records[0].decided_on.iso() == "2017-08-04");

    sqlite3* raw = nullptr;
    sqlite3_open((dir / "db").c_str(), &raw);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "SELECT actor, source, changes FROM history WHERE table_name = 'records'", -1, &st, nullptr);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "the credit office local administrator"); // the principal
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))) == "import penalties b.csv line 2");
    const std::string changes = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
    CHECK(changes == R"({"decided_on":["2017-08-03","2017-08-04"],"fine_fen":[200000,250000]})");
    sqlite3_finalize(st);
    sqlite3_close(raw);
}

TEST_CASE("one bad row among 10,000 rejects the whole file and names the row and column") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const auto file = test::write_text(dir / "p.csv", penalties_file(10000, 7321));
    const auto version = db.data_version();
    try {
        import_file(db, file, options_for(ImportKind::penalties));
        FAIL("expected ImportRejected");
    } catch (const ImportRejected& e) {
        CHECK(e.status() == Status::import_rejected);
        const auto& report = e.report();
        CHECK_FALSE(report.committed);
        CHECK(report.rows == 10000);
        CHECK(report.rejected == 1);
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].line == 7322); // the header is line 1
        CHECK(report.problems[0].column == "处罚决定日期");
        CHECK(report.problems[0].value == "2017-02-30");
        CHECK(report.problems[0].reason.find("is not a date") == 0);
        CHECK(std::string(e.what()).find("line 7322") != std::string::npos);
    }
    CHECK(db.counts().records == 0);
    CHECK(db.counts().subjects == 0);
    CHECK(db.data_version() == version);
}

TEST_CASE("--partial commits the good rows and writes the bad one, with its reason, to the rejects file") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const auto file = test::write_text(dir / "p.csv", penalties_file(10000, 42));
    ImportOptions options = options_for(ImportKind::penalties);
    options.partial = true;
    options.rejects = dir / "rejects.csv";
    const auto report = import_file(db, file, options);
    CHECK(report.committed);
    CHECK(report.inserted == 9999);
    CHECK(report.rejected == 1);
    CHECK(db.counts().records == 9999);
    const std::string rejects = test::read_file(dir / "rejects.csv");
    CHECK(rejects.find("reject_reason") != std::string::npos);
    CHECK(rejects.find("鄂州市监罚〔2017〕42号") != std::string::npos);
    CHECK(rejects.find("line 43: 处罚决定日期: is not a date") != std::string::npos);

    SUBCASE("the rejects file, once fixed, imports as it is") {
        std::string fixed = rejects;
        fixed.replace(fixed.find("2017-02-30"), 10, "2017-02-28");
        const auto again = import_file(db, test::write_text(dir / "fixed.csv", fixed), options_for(ImportKind::penalties));
        CHECK(again.inserted == 1);
        CHECK(db.counts().records == 10000);
    }
}

TEST_CASE("a GB18030 file imports identically to its UTF-8 twin") {
    TempDir dir;
    Database utf8_db = init_database(dir / "utf8.db");
    Database gb_db = init_database(dir / "gb.db");
    const std::string text = penalties_file(20);
    import_file(utf8_db, test::write_text(dir / "u.csv", "\xEF\xBB\xBF" + text), options_for(ImportKind::penalties)); // with BOM
    ImportOptions gb = options_for(ImportKind::penalties);
    gb.encoding = TextEncoding::gb18030;
    import_file(gb_db, test::write_text(dir / "g.csv", to_gb18030(text)), gb);
    CHECK(export_of(gb_db, ImportKind::penalties) == export_of(utf8_db, ImportKind::penalties));
    CHECK(export_of(gb_db, ImportKind::subjects) == export_of(utf8_db, ImportKind::subjects));

    SUBCASE("without --encoding it is detected as GB18030 and imports the same") {
        Database other = init_database(dir / "other.db");
        const ImportReport report = import_file(other, dir / "g.csv", options_for(ImportKind::penalties));
        CHECK(report.source.encoding == "GB18030");
        CHECK(report.source.encoding_reason.starts_with("detected: not valid UTF-8"));
        CHECK(export_of(other, ImportKind::penalties) == export_of(utf8_db, ImportKind::penalties));
    }
    SUBCASE("the same GB18030 file read as UTF-8 when told so is refused with a hint") {
        Database other = init_database(dir / "other.db");
        ImportOptions as_utf8 = options_for(ImportKind::penalties);
        as_utf8.encoding = TextEncoding::utf8;
        try {
            import_file(other, dir / "g.csv", as_utf8);
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("gb18030") != std::string::npos);
        }
    }
}

TEST_CASE("SQL metacharacters and emoji in text fields are stored verbatim") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const std::string nasty = "x'); DROP TABLE records; -- 😀 \"quoted\" %_\\";
    const std::string text = std::string("document_no,subject_code,subject_name,department,decided_on,penalty_types,content,facts\n") +
                             "\"" + "鄂罚1号" + "\"," + test::uscc_for(9) + ",\"公司😀'\",鄂州市市场监督管理局,2018-01-01,警告,\"" +
                             "x'); DROP TABLE records; -- 😀 \"\"quoted\"\" %_\\" + "\",\"a,b\nc\"\n";
    import_file(db, test::write_text(dir / "n.csv", text), options_for(ImportKind::penalties));
    const auto subject = db.find_subject(test::uscc_for(9)).value();
    CHECK(subject.name == "公司😀'");
    const auto records = db.records_of(subject.id);
    REQUIRE(records.size() == 1);
    CHECK(records[0].content == nasty);
    CHECK(export_of(db, ImportKind::penalties).find("\"a,b\nc\"") != std::string::npos);
}

TEST_CASE("export, import into an empty database and export again gives the same bytes, for every kind") {
    TempDir dir;
    Database db = init_database(dir / "a.db");
    // subjects with legacy codes and legal representatives, a principal, list entries with responsible persons
    const std::string subjects = "code,name,kind,established_on,status,division,legacy_codes,legal_representative_id,legal_representative_name\n" +
                                 test::uscc_for(100) + ",鄂州市甲公司,legal_person,2010-05-04,active,,110108000000016," + test::citizen_id_for(100) +
                                 ",王甲\n" + test::uscc_for(101) + ",鄂州市乙合作社,other_organization,,revoked,420702,,,\n";
    const std::string relations = "organization_code,person_id,person_name,role,valid_from,valid_to\n" + test::uscc_for(101) + "," +
                                  test::citizen_id_for(101) + ",李乙,principal,2015-01-01,2020-12-31\n";
    const std::string lists = "list,subject_code,subject_name,department,document_no,entered_on,expires_on,reason,legal_basis,"
                              "responsible_person_id,responsible_person_name\n"
                              "court.dishonest_debtor," + test::uscc_for(100) + ",鄂州市甲公司,鄂州市中级人民法院,(2020)鄂07执1号,2020-03-01,,"
                              "有履行能力而拒不履行,民事诉讼法第二百五十五条," + test::citizen_id_for(100) + ";" + test::citizen_id_for(102) + ",王甲;赵丙\n"
                              "credit.model," + test::uscc_for(101) + ",鄂州市乙合作社,鄂州市发展和改革委员会,鄂发改〔2021〕9号,2021-01-01,2024-01-01,"
                              "诚信典型,,,\n";
    const std::string licenses = "document_no,subject_code,subject_name,department,department_code,decided_on,license_category,license_name,"
                                 "license_no,content,valid_from,valid_to,status\n"
                                 "鄂食许〔2019〕1号," + test::uscc_for(100) + ",鄂州市甲公司,鄂州市市场监督管理局," + kDepartmentUscc +
                                 ",2019-02-01,普通,食品经营许可证,JY14207040000001,食品销售,2019-02-01,2024-01-31,1\n";
    import_file(db, test::write_text(dir / "s.csv", subjects), options_for(ImportKind::subjects));
    import_file(db, test::write_text(dir / "r.csv", relations), options_for(ImportKind::relations));
    import_file(db, test::write_text(dir / "l.csv", lists), options_for(ImportKind::lists));
    import_file(db, test::write_text(dir / "li.csv", licenses), options_for(ImportKind::licenses));
    import_file(db, test::write_text(dir / "p.csv", penalties_file(5)), options_for(ImportKind::penalties));

    const std::vector<ImportKind> order = {ImportKind::subjects, ImportKind::relations, ImportKind::lists, ImportKind::licenses,
                                           ImportKind::penalties};
    for (FileFormat format : {FileFormat::csv, FileFormat::jsonl}) {
        CAPTURE(static_cast<int>(format));
        const std::string ext = format == FileFormat::csv ? ".csv" : ".jsonl";
        Database copy = init_database(dir / ("copy" + ext + ".db"));
        for (ImportKind kind : order) {
            const auto file = test::write_text(dir / (std::string(to_string(kind)) + "-export" + ext), export_of(db, kind, format));
            const auto report = import_file(copy, file, options_for(kind));
            CHECK(report.rejected == 0);
        }
        for (ImportKind kind : order) {
            CAPTURE(to_string(kind));
            CHECK(export_of(copy, kind, format) == export_of(db, kind, format));
        }
        CHECK(copy.counts().subjects == db.counts().subjects);
        CHECK(copy.counts().relations == db.counts().relations);
    }
    SUBCASE("a legacy registration number resolves to the same subject") {
        CHECK(db.find_subject("110108000000016")->code == test::uscc_for(100));
    }
    SUBCASE("a list entry keeps its responsible persons") {
        const auto entries = db.entries_of(db.find_subject(test::uscc_for(100))->id);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].responsible_persons.size() == 2);
        CHECK(entries[0].list_code == "court.dishonest_debtor");
        CHECK_FALSE(entries[0].expires_on.has_value());
    }
    CHECK(integrity_of(dir / "a.db") == "ok");
}

TEST_CASE("a file's structure problems are errors before any row is read") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const auto error_of = [&](const std::string& text) {
        try {
            import_file(db, test::write_text(dir / "x.csv", text), options_for(ImportKind::penalties));
        } catch (const ImportRejected&) {
            return std::string("rejected rows");
        } catch (const Error& e) {
            CHECK(e.status() == Status::invalid_argument);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("document_no,subject_name,department,decided_on,penalty_types,colour\n").find("unknown column 'colour'") !=
          std::string::npos);
    CHECK(error_of("document_no,subject_name,department,decided_on\n").find("missing required column penalty_types (or 处罚类别, CF_CFLB)") !=
          std::string::npos);
    CHECK(error_of("document_no,CF_WSH,subject_name,department,decided_on,penalty_types\n").find("both give document_no") !=
          std::string::npos);
    try {
        import_file(db, dir / "missing.csv", options_for(ImportKind::penalties));
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::not_found);
    }
}

TEST_CASE("every row problem is reported, with masked ID numbers") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const std::string bad_id = test::citizen_id_for(3).substr(0, 17) + (test::citizen_id_for(3).back() == '1' ? "2" : "1");
    const std::string text = "document_no,subject_code,subject_id_number,subject_name,department,decided_on,penalty_types,fine_10k_yuan,severity\n"
                             "A1,,,某人,鄂州市公安局,2019-01-01,罚款,-3,huge\n"
                             "A2,,"+ bad_id + ",某人,鄂州市公安局,2019/13/01,打板子,1.1234567,\n";
    try {
        import_file(db, test::write_text(dir / "x.csv", text), options_for(ImportKind::penalties));
        FAIL("expected ImportRejected");
    } catch (const ImportRejected& e) {
        const auto& p = e.report().problems;
        REQUIRE(p.size() == 7);
        CHECK(p[0].column == "subject_code");
        CHECK(p[1].reason == "is negative");
        CHECK(p[2].reason.find("is not one of minor, general, serious") == 0);
        CHECK(p[3].column == "subject_id_number");
        CHECK(p[3].value == mask_personal_id(bad_id));
        CHECK(p[4].column == "decided_on");
        CHECK(p[5].reason.find("'打板子' is not a penalty type") == 0);
        CHECK(p[6].reason.find("has more than six decimals") == 0);
    }
}

TEST_CASE("rows that contradict the database are refused without leaving anything behind") {
    TempDir dir;
    Database db = init_database(dir / "db");
    SUBCASE("a list the catalog does not have") {
        const std::string text = "list,subject_code,subject_name,department,document_no,entered_on\n"
                                 "court.no_such_list," + test::uscc_for(1) + ",某公司,鄂州市中级人民法院,X1,2020-01-01\n";
        CHECK_THROWS_AS(import_file(db, test::write_text(dir / "l.csv", text), options_for(ImportKind::lists)), ImportRejected);
        CHECK(db.counts().subjects == 0);
    }
    SUBCASE("a relation to an organisation that is not in the database") {
        const std::string text = "organization_code,person_id,person_name,role\n" + test::uscc_for(1) + "," + test::citizen_id_for(1) + ",张三,法定代表人\n";
        try {
            import_file(db, test::write_text(dir / "r.csv", text), options_for(ImportKind::relations));
            FAIL("expected ImportRejected");
        } catch (const ImportRejected& e) {
            CHECK(e.report().problems[0].reason.find("import the organisation with --kind subjects first") != std::string::npos);
        }
        CHECK(db.counts().subjects == 0);
    }
    SUBCASE("a legacy code that already belongs to another subject") {
        const std::string text = "code,name,legacy_codes\n" + test::uscc_for(1) + ",甲,110108000000016\n" + test::uscc_for(2) + ",乙,110108000000016\n";
        ImportOptions o = options_for(ImportKind::subjects);
        o.partial = true;
        const auto report = import_file(db, test::write_text(dir / "s.csv", text), o);
        CHECK(report.inserted == 1);
        CHECK(report.rejected == 1);
        CHECK(report.problems[0].reason.find("belongs to another subject") == 0);
        CHECK_FALSE(db.find_subject(test::uscc_for(2)).has_value()); // the row's own insert was rolled back
    }
    SUBCASE("an entry that expires before it starts") {
        const std::string text = "list,subject_code,subject_name,department,document_no,entered_on,expires_on\n"
                                 "tax.a_grade," + test::uscc_for(1) + ",某公司,税务局,X1,2020-01-01,2019-01-01\n";
        CHECK_THROWS_AS(import_file(db, test::write_text(dir / "l.csv", text), options_for(ImportKind::lists)), ImportRejected);
    }
}

TEST_CASE("JSON Lines imports like CSV") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const std::string text = R"({"document_no": "J1", "subject_code": ")" + test::uscc_for(7) +
                             R"(", "subject_name": "某公司", "department": "鄂州市市场监督管理局", "decided_on": "2019-03-04", "penalty_types": "罚款", "fine_10k_yuan": 60})" "\n";
    const auto report = import_file(db, test::write_text(dir / "p.jsonl", text), options_for(ImportKind::penalties));
    CHECK(report.inserted == 1);
    const auto records = db.records_of(db.find_subject(test::uscc_for(7))->id);
    REQUIRE(records.size() == 1);
    CHECK(records[0].severity == Severity::serious); // 60 万元 is above the serious threshold
}

TEST_CASE("importing a subjects file twice changes nothing; a new legacy code is an update") {
    TempDir dir;
    Database db = init_database(dir / "db");
    const std::string header = "code,name,legacy_codes\n";
    const auto first = test::write_text(dir / "s1.csv", header + test::uscc_for(1) + ",甲,110108000000016\n");
    CHECK(import_file(db, first, options_for(ImportKind::subjects)).inserted == 1);
    const auto again = import_file(db, first, options_for(ImportKind::subjects));
    CHECK(again.unchanged == 1);
    CHECK(again.updated == 0);
    const std::string second = std::string("42070400000002") + RegistrationNo::compute_check_digit("42070400000002");
    const auto more = test::write_text(dir / "s2.csv", header + test::uscc_for(1) + ",甲,110108000000016;" + second + "\n");
    CHECK(import_file(db, more, options_for(ImportKind::subjects)).updated == 1);
    CHECK(db.find_subject(second)->code == test::uscc_for(1));
    CHECK(import_file(db, more, options_for(ImportKind::subjects)).unchanged == 1);
}

TEST_CASE("a fine's default severity follows 行政处罚法 §51 by party, the bound included; a fine of no amount is not minor") {
    TempDir dir;
    Database db = init_database(dir / "db");
    std::string text = "document_no,subject_code,subject_name,subject_category,department,decided_on,penalty_types,fine_10k_yuan\n";
    const auto row = [&](const std::string& doc, const std::string& code, const char* kind, const char* types, const char* fine) {
        text += doc + "," + code + ",某," + kind + ",鄂州市市场监督管理局,2026-03-04," + types + "," + fine + "\n";
    };
    row("A1", test::uscc_for(11), "legal_person", "罚款", "0.3");      // 3,000 yuan, an organisation: minor (以下 includes the bound)
    row("A2", test::uscc_for(12), "legal_person", "罚款", "0.3001");   // 3,001 yuan: general
    row("A3", test::citizen_id_for(13), "natural_person", "罚款", "0.02");   // 200 yuan, a person: minor
    row("A4", test::citizen_id_for(14), "natural_person", "罚款", "0.0201"); // 201 yuan: general (a person's bound is 200)
    row("A5", test::uscc_for(15, '9', '2'), "individual_business", "罚款", "0.05"); // 500 yuan, an individual business (公民): general
    row("A6", test::uscc_for(16), "legal_person", "罚款", "");          // no amount given: general, not minor
    row("A7", test::uscc_for(17), "legal_person", "降低资质等级", "");   // a heavier penalty (行政处罚法 §63): serious
    import_file(db, test::write_text(dir / "p.csv", text), options_for(ImportKind::penalties));
    const auto severity_of = [&](const std::string& code) { return db.records_of(db.find_subject(code)->id).at(0).severity; };
    CHECK(severity_of(test::uscc_for(11)) == Severity::minor);
    CHECK(severity_of(test::uscc_for(12)) == Severity::general);
    CHECK(severity_of(test::citizen_id_for(13)) == Severity::minor);
    CHECK(severity_of(test::citizen_id_for(14)) == Severity::general);
    CHECK(severity_of(test::uscc_for(15, '9', '2')) == Severity::general);
    CHECK(severity_of(test::uscc_for(16)) == Severity::general);
    CHECK(severity_of(test::uscc_for(17)) == Severity::serious);
}
