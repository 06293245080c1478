// The readers of the files departments really send: cell values, XLSX, SpreadsheetML 2003, HTML tables,
// delimited text, header finding and the format sniffer.
#include <doctest/doctest.h>

#include <iconv.h>
#include <memory>
#include <string>
#include <vector>

#include "credcheck/error.hpp"
#include "import/cell_values.hpp"
#include "import/header_finder.hpp"
#include "import/html_table_reader.hpp"
#include "import/open_table.hpp"
#include "import/spreadsheetml_reader.hpp"
#include "import/xlsx_reader.hpp"
#include "test_support.hpp"
#include "xlsx_fixture.hpp"

using namespace credcheck;
using namespace credcheck::import;
using credcheck::test::error_of;
using credcheck::test::make_xlsx;
using credcheck::test::make_zip;
using credcheck::test::XlsxParts;

namespace {

using Cells = std::vector<std::string>;

std::vector<GridRow> all_rows(GridReader& reader) {
    std::vector<GridRow> rows;
    GridRow row;
    while (reader.next(row)) rows.push_back(row);
    return rows;
}

std::vector<GridRow> sheet_rows(const std::string& bytes, std::size_t sheet = 0) {
    auto book = open_xlsx_bytes(bytes, "book.xlsx");
    auto reader = book->open_sheet(sheet);
    return all_rows(*reader);
}

std::string gbk(std::string_view utf8) {
    const std::unique_ptr<void, int (*)(iconv_t)> converter(::iconv_open("GB18030", "UTF-8"), ::iconv_close);
    std::string in(utf8), out(utf8.size() * 2 + 16, '\0');
    char* ip = in.data();
    char* op = out.data();
    std::size_t il = in.size(), ol = out.size();
    ::iconv(static_cast<iconv_t>(converter.get()), &ip, &il, &op, &ol);
    out.resize(out.size() - ol);
    return out;
}

bool knows_penalty_titles(const std::string& key) {
    for (const char* t : {"行政相对人名称", "统一社会信用代码", "处罚决定日期", "行政处罚决定书文号", "处罚机关", "处罚类别"})
        if (title_key(t) == key) return true;
    return false;
}

TableOptions penalty_options() {
    TableOptions o;
    o.recognised = knows_penalty_titles;
    return o;
}

std::vector<SourceRow> table_rows(TableReader& reader) {
    std::vector<SourceRow> rows;
    SourceRow row;
    while (reader.next(row)) rows.push_back(row);
    return rows;
}

} // namespace

TEST_CASE("a number stored by Excel comes out as Excel shows it, never in E notation") {
    CHECK(excel_number_text("201312142") == "201312142");
    CHECK(excel_number_text("2.01312142E8") == "201312142");
    CHECK(excel_number_text("201312142.0") == "201312142");
    CHECK(excel_number_text("0.30000000000000004") == "0.3");
    CHECK(excel_number_text("1.5E-3") == "0.0015");
    CHECK(excel_number_text("-2.5") == "-2.5");
    CHECK(excel_number_text("9.14201000000000E+17") == "914201000000000000");
    CHECK(excel_number_text("0.99999999999999999") == "1");
    CHECK(excel_number_text("0") == "0");
    CHECK(excel_number_text("000123") == "123");
    SUBCASE("what is no number is said to be none") {
        CHECK_FALSE(excel_number_text("").has_value());
        CHECK_FALSE(excel_number_text("12a").has_value());
        CHECK_FALSE(excel_number_text("1e").has_value());
        CHECK_FALSE(excel_number_text("1e99999").has_value()); // no double is this large: never a string of 99,999 zeros
        CHECK_FALSE(excel_number_text(".").has_value());
    }
}

TEST_CASE("date serials follow Excel's 1900 system with its 1900-02-29, and the 1904 system") {
    CHECK(serial_text(43659, DateSystem::excel_1900, DateCellStyle::date) == "2019-07-13");
    CHECK(serial_text(43659.5, DateSystem::excel_1900, DateCellStyle::date) == "2019-07-13 12:00:00");
    CHECK(serial_text(43659, DateSystem::excel_1900, DateCellStyle::date_time) == "2019-07-13 00:00:00");
    CHECK(serial_text(0.75, DateSystem::excel_1900, DateCellStyle::time) == "18:00:00");
    CHECK(serial_text(1, DateSystem::excel_1900, DateCellStyle::date) == "1900-01-01");
    CHECK(serial_text(59, DateSystem::excel_1900, DateCellStyle::date) == "1900-02-28");
    CHECK(serial_text(60, DateSystem::excel_1900, DateCellStyle::date) == "1900-02-29"); // Lotus 1-2-3's day, which never was
    CHECK(serial_text(61, DateSystem::excel_1900, DateCellStyle::date) == "1900-03-01");
    CHECK(serial_text(2958465, DateSystem::excel_1900, DateCellStyle::date) == "9999-12-31");
    CHECK_FALSE(serial_text(2958466, DateSystem::excel_1900, DateCellStyle::date).has_value());
    CHECK_FALSE(serial_text(-1, DateSystem::excel_1900, DateCellStyle::date).has_value());
    CHECK(serial_text(0, DateSystem::excel_1904, DateCellStyle::date) == "1904-01-01");
    CHECK(serial_text(42197, DateSystem::excel_1904, DateCellStyle::date) == "2019-07-13"); // 1462 days fewer
    CHECK_FALSE(serial_date(60, DateSystem::excel_1900).has_value());
}

TEST_CASE("a date column reads the spellings departments use and five-digit serials, not years or compact dates") {
    CHECK(parse_cell_date("2019年07月13日", DateSystem::excel_1900)->iso() == "2019-07-13");
    CHECK(parse_cell_date("2019.7.13", DateSystem::excel_1900)->iso() == "2019-07-13");
    CHECK(parse_cell_date("2019-7-13 0:00:00", DateSystem::excel_1900)->iso() == "2019-07-13");
    CHECK(parse_cell_date("43659", DateSystem::excel_1900)->iso() == "2019-07-13");
    CHECK(parse_cell_date("43659.25", DateSystem::excel_1900)->iso() == "2019-07-13");
    CHECK(parse_cell_date("42197", DateSystem::excel_1904)->iso() == "2019-07-13");
    CHECK(parse_cell_date("20190713", DateSystem::excel_1900)->iso() == "2019-07-13");
    CHECK_FALSE(parse_cell_date("2019", DateSystem::excel_1900).has_value());
    CHECK_FALSE(parse_cell_date("01234", DateSystem::excel_1900).has_value());
    CHECK_FALSE(parse_cell_date("43659.", DateSystem::excel_1900).has_value());
    CHECK_FALSE(parse_cell_date("1900-02-29", DateSystem::excel_1900).has_value());
}

TEST_CASE("number formats are dates by their placeholders, not by the text they show") {
    CHECK(number_format_style(14, "") == DateCellStyle::date);
    CHECK(number_format_style(22, "") == DateCellStyle::date_time);
    CHECK(number_format_style(31, "") == DateCellStyle::date); // zh-CN: yyyy"年"m"月"d"日"
    CHECK(number_format_style(20, "") == DateCellStyle::time);
    CHECK(number_format_style(176, R"(yyyy"年"m"月"d"日")") == DateCellStyle::date);
    CHECK(number_format_style(177, "yyyy/m/d h:mm") == DateCellStyle::date_time);
    CHECK(number_format_style(178, "h:mm:ss") == DateCellStyle::time);
    CHECK(number_format_style(179, "[$-F800]dddd, mmmm dd, yyyy") == DateCellStyle::date);
    CHECK(number_format_style(180, "[h]:mm") == DateCellStyle::time);
    CHECK_FALSE(number_format_style(0, "General").has_value());
    CHECK_FALSE(number_format_style(181, R"(0"元")").has_value());
    CHECK_FALSE(number_format_style(182, R"(#,##0.00_);[Red]\(#,##0.00\))").has_value());
    CHECK_FALSE(number_format_style(183, R"("Day "0)").has_value());
    CHECK_FALSE(number_format_style(184, "0.00E+00").has_value());
}

TEST_CASE("an XLSX sheet gives shared and inline strings, numbers as digits, booleans and dates by style") {
    XlsxParts p;
    p.shared_strings = {"名称", "鄂州市某某有限公司", "line\r\nbreak_x000D_"};
    p.num_fmts = R"(<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)";
    p.cell_xfs = R"(<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="49"/>)";
    p.sheets = {{"数据", R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>文号</t></is></c></row>)"
                         R"(<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v>2.01312142E8</v></c><c r="C3" s="1"><v>43659</v></c>)"
                         R"(<c r="D3" s="2"><v>43659.5</v></c><c r="E3" t="b"><v>1</v></c><c r="F3" t="str"><f>A1</f><v>公式值</v></c>)"
                         R"(<c r="H3" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r><rPh><t>ふりがな</t></rPh></is></c></row>)"
                         R"(<row><c t="s"><v>2</v></c></row>)"}};
    const auto rows = sheet_rows(make_xlsx(p));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].number == 1);
    CHECK(rows[0].cells == Cells{"名称", "文号"});
    CHECK(rows[1].number == 3);
    CHECK(rows[1].cells == Cells{"鄂州市某某有限公司", "201312142", "2019-07-13", "2019-07-13 12:00:00", "TRUE", "公式值", "", "富文本"});
    CHECK(rows[2].number == 4);
    CHECK(rows[2].cells == Cells{"line\nbreak\r"}); // XML turns CR LF into LF: Excel writes a CR as _x000D_
    CHECK_FALSE(rows[1].error.has_value());
}

TEST_CASE("an XLSX workbook saved in the 1904 date system gives the same dates") {
    XlsxParts p;
    p.date1904 = true;
    p.cell_xfs = R"(<xf numFmtId="0"/><xf numFmtId="14"/>)";
    p.sheets = {{"Sheet1", R"(<row r="1"><c r="A1" s="1"><v>42197</v></c></row>)"}};
    CHECK(sheet_rows(make_xlsx(p))[0].cells == Cells{"2019-07-13"});
    CHECK(open_xlsx_bytes(make_xlsx(p), "b.xlsx")->date_system() == DateSystem::excel_1904);
}

TEST_CASE("a bad cell is its row's error and the sheet goes on") {
    SUBCASE("a shared string index out of range") {
        const auto rows = sheet_rows(make_xlsx(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="C2" t="s"><v>812</v></c></row>)"
                                               R"(<row r="3"><c r="A3" t="s"><v>0</v></c></row>)",
                                               {"只有一个"}));
        REQUIRE(rows.size() == 3);
        REQUIRE(rows[1].error.has_value());
        CHECK(*rows[1].error == "column C: shared string 812 does not exist (the workbook has 1)");
        CHECK_FALSE(rows[2].error.has_value());
    }
    SUBCASE("an Excel error value") {
        const auto rows = sheet_rows(make_xlsx(R"(<row r="5"><c r="B5" t="e"><v>#N/A</v></c></row>)"));
        REQUIRE(rows.size() == 1);
        CHECK(*rows[0].error == "column B: holds the Excel error #N/A");
    }
    SUBCASE("a style that does not exist") {
        const auto rows = sheet_rows(make_xlsx(R"(<row r="1"><c r="A1" s="9"><v>1</v></c></row>)"));
        CHECK(rows[0].error->find("cell style 9 does not exist") != std::string::npos);
    }
}

TEST_CASE("a sheet's rows are the same whatever size the chunks it is inflated in") {
    std::string data;
    std::vector<std::string> strings;
    for (int r = 1; r <= 300; ++r) {
        data += "<row r=\"" + std::to_string(r) + "\">";
        for (int c = 0; c < 6; ++c) {
            const std::string ref = std::string(1, static_cast<char>('A' + c)) + std::to_string(r);
            if (r % 37 == 0 && c == 3) data += "<c r=\"" + ref + "\" t=\"s\"><v>99999</v></c>"; // out of range: this row's error
            else if (c % 2) data += "<c r=\"" + ref + "\"><v>" + std::to_string(r * 10 + c) + "</v></c>";
            else {
                data += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(strings.size()) + "</v></c>";
                strings.push_back("文本" + std::to_string(r) + "-" + std::to_string(c));
            }
        }
        data += "</row>";
    }
    const std::string book = make_xlsx(data, strings);
    const auto whole = sheet_rows(book);
    REQUIRE(whole.size() == 300);
    for (std::size_t chunk : {1, 7, 64, 4096}) {
        CAPTURE(chunk);
        XlsxLimits limits;
        limits.chunk_bytes = chunk;
        const auto rows = all_rows(*open_xlsx_bytes(book, "book.xlsx", limits)->open_sheet(0));
        REQUIRE(rows.size() == whole.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CHECK(rows[i].number == whole[i].number);
            CHECK(rows[i].cells == whole[i].cells);
            CHECK(rows[i].error == whole[i].error);
        }
    }
    CHECK(*whole[36].error == "column D: shared string 99999 does not exist (the workbook has 900)");
}

TEST_CASE("what attackers put in workbook XML is refused") {
    SUBCASE("a document type declaration (billion laughs)") {
        const std::string bomb = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>)"
                                 R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>)";
        const std::string bad = make_zip({{"_rels/.rels", R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
                                          {"xl/workbook.xml", R"(<workbook><sheets><sheet name="S" r:id="rId1" xmlns:r="r"/></sheets></workbook>)"},
                                          {"xl/_rels/workbook.xml.rels", R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="s.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="ss.xml"/></Relationships>)"},
                                          {"xl/s.xml", R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>)"},
                                          {"xl/ss.xml", bomb}});
        auto book_with_bomb = open_xlsx_bytes(bad, "bomb.xlsx");
        const std::string message = error_of([&] { book_with_bomb->open_sheet(0); });
        CHECK(message.find("document type declaration") != std::string::npos);
        CHECK(message.find("bomb.xlsx: shared strings") == 0);
    }
    SUBCASE("more rows than Excel has") {
        CHECK(error_of([&] { sheet_rows(make_xlsx(R"(<row r="1048577"><c r="A1048577"><v>1</v></c></row>)")); })
                  .find("beyond Excel's last row") != std::string::npos);
    }
    SUBCASE("a cell beyond column XFD") {
        CHECK(error_of([&] { sheet_rows(make_xlsx(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)")); }).find("beyond Excel's last column") !=
              std::string::npos);
    }
    SUBCASE("rows out of order") {
        CHECK(error_of([&] { sheet_rows(make_xlsx(R"(<row r="5"><c r="A5"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>)")); })
                  .find("rows out of order") != std::string::npos);
    }
    SUBCASE("a part that expands like a zip bomb") {
        // 24 MiB of spaces deflate a thousandfold; with a lower bound than the default the test stays small.
        const std::string book = make_xlsx("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" + std::string(std::size_t{24} << 20, ' '));
        XlsxLimits limits;
        limits.max_expansion = 100;
        const std::string message = error_of([&] { all_rows(*open_xlsx_bytes(book, "bomb.xlsx", limits)->open_sheet(0)); });
        CHECK(message.find("bomb.xlsx: xl/worksheets/sheet1.xml: the entry expands more than 100 times its compressed size") == 0);
        CHECK(message.find("refused as a zip bomb") != std::string::npos);
    }
    SUBCASE("malformed XML names where") {
        const std::string message = error_of([&] { sheet_rows(make_xlsx(R"(<row r="1"><c r="A1"><v>1</v></row>)")); });
        CHECK(message.find("book.xlsx: sheet 'Sheet1' (xl/worksheets/sheet1.xml): not well-formed XML at line 1") == 0);
    }
}

TEST_CASE("files that are not XLSX workbooks are named for what they are") {
    CHECK(error_of([] { open_xlsx_bytes("not a zip at all", "x.xlsx"); }) == "x.xlsx: not a zip archive");
    CHECK(error_of([] { open_xlsx_bytes(make_zip({{"a.txt", "hello"}}), "x.xlsx"); }).find("without a workbook part") != std::string::npos);
}

TEST_CASE("a workbook's sheets are listed with their state and whether they have data") {
    XlsxParts p;
    p.sheets = {{"说明", ""}, {"数据", R"(<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>)"}, {"字典", R"(<row r="1"><c r="A1"><v>1</v></c></row>)"}};
    p.hidden = {"字典"};
    const std::string bytes = make_xlsx(p); // read as the workbook is: it must outlive it
    auto book = open_xlsx_bytes(bytes, "b.xlsx");
    REQUIRE(book->sheets().size() == 3);
    CHECK(book->sheets()[2].hidden);
    CHECK_FALSE(book->has_data(0));
    CHECK(book->has_data(1));
    CHECK(book->has_data(2));
}

TEST_CASE("SpreadsheetML 2003 places cells by index and merges, and reads numbers and dates as Excel shows them") {
    const std::string xml = R"(<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="处罚">
  <Table>
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">2019年行政处罚信息</Data></Cell></Row>
   <Row ss:Index="3"><Cell ss:MergeDown="1"><Data ss:Type="String">名称</Data></Cell><Cell><Data ss:Type="String">文号</Data></Cell><Cell ss:Index="4"><Data ss:Type="Number">2.01312142E8</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2019-07-13T00:00:00.000</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell></Row>
   <Row><Cell><Data ss:Type="Error">#DIV/0!</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="空"><Table/></Worksheet>
</Workbook>)";
    auto book = open_spreadsheetml_bytes(xml, "s.xls");
    REQUIRE(book->sheets().size() == 2);
    CHECK(book->sheets()[0].name == "处罚");
    CHECK(book->has_data(0));
    CHECK_FALSE(book->has_data(1));
    const auto rows = all_rows(*book->open_sheet(0));
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].cells == Cells{"2019年行政处罚信息"});
    CHECK(rows[1].number == 3);
    CHECK(rows[1].cells == Cells{"名称", "文号", "", "201312142"});
    CHECK(rows[2].number == 4);
    CHECK(rows[2].cells == Cells{"", "2019-07-13", "TRUE"}); // column A is covered by the cell merged down from row 3
    CHECK(rows[3].number == 5);
    CHECK(*rows[3].error == "column A: holds the Excel error #DIV/0!");
}

TEST_CASE("SpreadsheetML declared in GB2312 is decoded before expat sees it") {
    const std::string xml = gbk(R"(<?xml version="1.0" encoding="gb2312"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="表一"><Table><Row><Cell><Data ss:Type="String">行政相对人名称</Data></Cell></Row></Table></Worksheet></Workbook>)");
    auto book = open_spreadsheetml_bytes(xml, "s.xls");
    CHECK(book->sheets()[0].name == "表一");
    CHECK(all_rows(*book->open_sheet(0))[0].cells == Cells{"行政相对人名称"});
}

TEST_CASE("an HTML table saved as .xls is read as a browser shows it") {
    const std::string html = R"(<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"><style>td {color:red}</style>
<script>var s = "<table><tr><td>not this</td></tr></table>";</script></head><body>
<table><tr><td colspan=3>行政处罚&nbsp;信息</td></tr>
<tr><th>名称<th>文号</th><td rowspan="2">机关</td></tr>
<tr><td>某某 &amp; 公司<br>（分公司）<td x:num="201312142">2.01E+08</td></tr>
<tr><td x:num="43659">2019/7/13</td><td>&#x4E00;&#19968;&lt;</td><td>
  spaced    out  </td></tr>
</table></body></html>)";
    auto book = open_html_bytes(html, "page.xls");
    REQUIRE(book->sheets().size() == 1);
    CHECK(book->sheets()[0].name == "table 1");
    const auto rows = all_rows(*book->open_sheet(0));
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].cells == Cells{"行政处罚 信息"});
    CHECK(rows[1].cells == Cells{"名称", "文号", "机关"});
    CHECK(rows[2].cells == Cells{"某某 & 公司\n（分公司）", "201312142"}); // column C is covered by the rowspan
    CHECK(rows[3].cells == Cells{"2019/7/13", "一一<", "spaced out"});
}

TEST_CASE("an HTML page with several tables names them, and reads the one asked for") {
    const std::string html = "<table><tr><td>a</td></tr></table><table></table><table><tr><td>b<table><tr><td>inner</td></tr></table></td></tr></table>";
    auto book = open_html_bytes(html, "p.html");
    REQUIRE(book->sheets().size() == 3);
    CHECK(book->sheets()[1].name == "table 3");
    CHECK(book->sheets()[2].name == "table 4");
    CHECK(all_rows(*book->open_sheet(1))[0].cells == Cells{"b"});
    CHECK(all_rows(*book->open_sheet(2))[0].cells == Cells{"inner"});
}

TEST_CASE("an HTML page declared in GBK is decoded, and one that declares nothing is detected") {
    const std::string page = gbk(R"(<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><table><tr><td>统一社会信用代码</td></tr></table></html>)");
    auto book = open_html_bytes(page, "p.xls");
    CHECK(html_encoding(*book) == "GB18030");
    CHECK(all_rows(*book->open_sheet(0))[0].cells == Cells{"统一社会信用代码"});
    const std::string undeclared_page = gbk("<table><tr><td>名称</td></tr></table>");
    auto undeclared = open_html_bytes(undeclared_page, "q.xls");
    CHECK(html_encoding(*undeclared) == "GB18030");
}

TEST_CASE("titles compare without spaces, line breaks, required marks and full-width brackets") {
    CHECK(title_key(" *行政相对人\n名称 ") == title_key("行政相对人名称"));
    CHECK(title_key("罚款金额（万元）") == title_key("罚款金额(万元)"));
    CHECK(title_key("行政相对人名称（必填）") == title_key("行政相对人名称"));
    CHECK(title_key("ＣＦ＿ＷＳＨ") == title_key("cf_wsh"));
    CHECK(clean_title(" 统一社会\r\n 信用代码 ") == "统一社会信用代码");
}

TEST_CASE("the header is found below title rows and instruction blocks") {
    const std::string csv = "2019年行政处罚信息公示表,,,\n"
                            "\"填表说明：\n1. 带*的为必填项\n2. 日期格式为YYYY-MM-DD\",,,\n"
                            ",,,\n"
                            "*行政相对人名称,统一社会信用代码,\"处罚决定\n日期\",备注\n"
                            "某某公司,91420700MA4924XXXX,2019-07-13,\n";
    auto opened = open_table_bytes(csv, "p.csv", penalty_options());
    CHECK(opened.source.header_row == 6); // the instruction is one record over lines 2-4; line 5 is blank
    REQUIRE(opened.source.skipped.size() == 2);
    CHECK(opened.source.skipped[0].number == 1);
    CHECK(opened.source.skipped[1].number == 2);
    CHECK(opened.source.skipped[1].text.starts_with("填表说明：1. 带*的为必填项2. 日期"));
    CHECK(opened.reader->header() == Cells{"*行政相对人名称", "统一社会信用代码", "处罚决定日期", "备注"});
    const auto rows = table_rows(*opened.reader);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].line == 8); // the header's last title spans lines 6 and 7
    CHECK(rows[0].fields == Cells{"某某公司", "91420700MA4924XXXX", "2019-07-13", ""});
}

TEST_CASE("--header-row names the header, and a missing header says which row came closest") {
    const std::string csv = "名称,代码\nA,B\n";
    TableOptions o = penalty_options();
    SUBCASE("named") {
        o.header_row = 2;
        auto opened = open_table_bytes(csv, "p.csv", o);
        CHECK(opened.reader->header() == Cells{"A", "B"});
    }
    SUBCASE("not found") {
        const std::string message = error_of([&] { open_table_bytes("企业名称,统一社会信用代码,处罚机关,地址,电话\nx,y,z,w,v\n", "p.csv", o); });
        CHECK(message.find("p.csv: no header row among the first 2 rows") == 0);
        CHECK(message.find("the closest is line 1, with 2 known (统一社会信用代码, 处罚机关) and 3 not (企业名称, 地址, 电话)") != std::string::npos);
    }
    SUBCASE("beyond the file") {
        o.header_row = 9;
        CHECK(error_of([&] { open_table_bytes(csv, "p.csv", o); }).find("the file ends before line 9") != std::string::npos);
    }
}

TEST_CASE("a GBK CSV whose header mixes commas and a tab is detected, reported and read") {
    const std::string csv = gbk("行政相对人名称,统一社会信用代码\t处罚机关\n某某公司,914201,鄂州市市场监督管理局\n");
    auto opened = open_table_bytes(csv, "p.csv", penalty_options());
    CHECK(opened.source.encoding == "GB18030");
    CHECK(opened.source.encoding_reason.find("not valid UTF-8") != std::string::npos);
    CHECK(opened.source.delimiters == "comma and tab (a record mixes them)");
    CHECK(opened.reader->header() == Cells{"行政相对人名称", "统一社会信用代码", "处罚机关"});
    CHECK(table_rows(*opened.reader)[0].fields == Cells{"某某公司", "914201", "鄂州市市场监督管理局"});
    SUBCASE("and read as given when --encoding says so") {
        TableOptions o = penalty_options();
        o.encoding = "utf-8";
        CHECK(error_of([&] { open_table_bytes(csv, "p.csv", o); }).find("no header row") != std::string::npos);
    }
}

TEST_CASE("a record with more fields than the header is rejected, never shifted") {
    auto opened = open_table_bytes("行政相对人名称,统一社会信用代码,处罚机关\n鄂州市某某有限公司,第二分公司,914201,机关\nA,B,C\n", "p.csv", penalty_options());
    const auto rows = table_rows(*opened.reader);
    REQUIRE(rows.size() == 2);
    REQUIRE(rows[0].error.has_value());
    CHECK(rows[0].error->find("4 fields, the header has 3 (a value with an unquoted comma") == 0);
    CHECK_FALSE(rows[1].error.has_value());
}

TEST_CASE("a sheet's value beyond the header or under no title is the row's error") {
    const std::string book = make_xlsx(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>行政相对人名称</t></is></c><c r="C1" t="inlineStr"><is><t>处罚机关</t></is></c></row>)"
                                       R"(<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row><row r="3"><c r="A3"><v>1</v></c><c r="D3"><v>2</v></c></row>)");
    auto opened = open_table_bytes(book, "b.xlsx", penalty_options());
    CHECK(opened.source.sheet == "Sheet1");
    const auto rows = table_rows(*opened.reader);
    REQUIRE(rows.size() == 2);
    CHECK(*rows[0].error == "column B has a value but the header gives it no title");
    CHECK(*rows[1].error == "column D has a value beyond the header's last title");
}

TEST_CASE("files are recognised by their bytes, whatever their name") {
    SUBCASE("a CSV named .xls") {
        auto opened = open_table_bytes("行政相对人名称,处罚机关\nA,B\n", "data.xls", penalty_options());
        CHECK(opened.source.format == SourceFormat::csv);
    }
    SUBCASE("an HTML table named .xlsx") {
        auto opened = open_table_bytes("<html><table><tr><td>行政相对人名称</td><td>处罚机关</td></tr></table></html>", "d.xlsx", penalty_options());
        CHECK(opened.source.format == SourceFormat::html);
        CHECK(opened.source.sheet == "table 1");
    }
    SUBCASE("refused, saying what they are") {
        CHECK(error_of([] { open_table_bytes(make_zip({{"word/document.xml", "<w/>"}}), "d.xlsx", penalty_options()); }) ==
              "d.xlsx: a Word document (.docx), not a workbook");
        CHECK(error_of([] { open_table_bytes(make_zip({{"a.csv", "x"}, {"b.pdf", "y"}}), "d.xlsx", penalty_options()); }) ==
              "d.xlsx: a zip archive that is not a workbook (it holds a.csv, b.pdf): unzip it and import the files inside");
        CHECK(error_of([] { open_table_bytes("%PDF-1.4 ...", "d.xls", penalty_options()); }).find("a PDF document") != std::string::npos);
        CHECK(error_of([] { open_table_bytes(std::string("\xFF\xFE" "a\0b\0", 6), "d.txt", penalty_options()); }).find("UTF-16 text") != std::string::npos);
        CHECK(error_of([] { open_table_bytes(std::string("\x01\x02\0\x03", 4), "d.xls", penalty_options()); }).find("binary file") != std::string::npos);
    }
}

TEST_CASE("a workbook with several sheets with data names them; empty and hidden sheets do not count") {
    XlsxParts p;
    const std::string header = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>行政相对人名称</t></is></c><c r="B1" t="inlineStr"><is><t>处罚机关</t></is></c></row>)";
    p.sheets = {{"Sheet1", header}, {"Sheet2", ""}, {"字典", header}};
    p.hidden = {"字典"};
    const std::string one = make_xlsx(p); // read ahead on the table's own thread: it must outlive the table
    auto opened = open_table_bytes(one, "b.xlsx", penalty_options());
    CHECK(opened.source.sheet == "Sheet1");
    CHECK(opened.source.sheet_reason == "the only visible sheet with data");
    CHECK(opened.source.sheets == std::vector<std::string>{"Sheet1", "Sheet2", "字典"});
    p.sheets[1].second = header;
    const std::string two = make_xlsx(p);
    CHECK(error_of([&] { open_table_bytes(two, "b.xlsx", penalty_options()); }) ==
          "b.xlsx: the workbook has 2 sheets with data: 'Sheet1', 'Sheet2'; choose one with --sheet NAME or --sheet N (the sheets: 'Sheet1', "
          "'Sheet2', '字典' (hidden))");
    TableOptions o = penalty_options();
    o.sheet = "2";
    CHECK(open_table_bytes(two, "b.xlsx", o).source.sheet == "Sheet2");
    o.sheet = "字典";
    CHECK(open_table_bytes(two, "b.xlsx", o).source.sheet == "字典");
    o.sheet = "nope";
    CHECK(error_of([&] { open_table_bytes(two, "b.xlsx", o); }).find("no sheet 'nope'; the workbook has 3 sheets") != std::string::npos);
}
