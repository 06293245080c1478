#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iconv.h>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "credcheck/error.hpp"
#include "import/table_reader.hpp"

using namespace credcheck;
using namespace credcheck::import;

namespace {

using Fields = std::vector<std::string>;

std::vector<SourceRow> read_all(TableReader& reader) {
    std::vector<SourceRow> rows;
    SourceRow row;
    while (reader.next(row)) rows.push_back(row);
    return rows;
}

std::unique_ptr<TableReader> csv(std::string text, ReaderLimits limits = {}) {
    return TableReader::from_string(std::move(text), FileFormat::csv, Encoding::utf8, "test.csv", limits);
}

std::unique_ptr<TableReader> jsonl(std::string text) {
    return TableReader::from_string(std::move(text), FileFormat::jsonl, Encoding::utf8, "test.jsonl");
}

std::vector<SourceRow> csv_rows(std::string text) { return read_all(*csv(std::move(text))); }
std::vector<SourceRow> jsonl_rows(std::string text) { return read_all(*jsonl(std::move(text))); }

/// The credcheck::Error `action` throws; fails the test when it throws none.
template <class Action>
Error error_from(Action&& action) {
    try {
        action();
    } catch (const Error& e) {
        return e;
    }
    FAIL("expected a credcheck::Error");
    return Error(Status::ok, "");
}

/// `utf8` converted to GB18030 with glibc's iconv, the same converter the reader uses the other way.
std::string to_gb18030(std::string_view utf8) {
    const std::unique_ptr<void, int (*)(iconv_t)> converter(::iconv_open("GB18030", "UTF-8"), ::iconv_close);
    REQUIRE(converter.get() != reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1)));
    std::string out(utf8.size() * 2 + 16, '\0'); // GB18030 never takes more than twice the UTF-8 bytes
    std::string in(utf8);
    char* in_pointer = in.data();
    std::size_t in_left = in.size();
    char* out_pointer = out.data();
    std::size_t out_left = out.size();
    REQUIRE(::iconv(converter.get(), &in_pointer, &in_left, &out_pointer, &out_left) != static_cast<std::size_t>(-1));
    out.resize(out.size() - out_left);
    return out;
}

/// A file in the temporary directory, removed at the end of the test.
class TempFile {
public:
    TempFile(const std::string& name, std::string_view content)
        : path_(std::filesystem::temp_directory_path() / ("credcheck_table_reader_" + std::to_string(::getpid()) + "_" + name)) {
        std::ofstream out(path_, std::ios::binary);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        REQUIRE(out.good());
    }
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// A table exercising what department exports contain: Chinese, a 4-byte emoji, quoted commas, quotes and
/// line breaks, CRLF, a blank line, no final line break.
std::string tricky_csv() {
    return "\xEF\xBB\xBF"
           "名称, 统一社会信用代码 ,备注\r\n"
           "鄂州市市场监督管理局,11420700MB1893025H,\"鄂城区, 古楼街道\"\r\n"
           "\"说 \"\"守信\"\" 😀\",91420704MA00002770,\"第一行\r\n第二行\nend\"\r\n"
           "\r\n"
           "湖北省,,😀\r\n"
           "末行,x,y";
}

void check_same_rows(const std::vector<SourceRow>& actual, const std::vector<SourceRow>& expected) {
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        CAPTURE(i);
        CHECK(actual[i].line == expected[i].line);
        CHECK(actual[i].fields == expected[i].fields);
        CHECK(actual[i].error == expected[i].error);
    }
}

} // namespace

TEST_CASE("a CSV reader returns the header trimmed and the values exactly as written") {
    const auto reader = csv("名称, 代码 ,备注\n鄂州市市场监督管理局, 914207 ,\n");
    CHECK(reader->header() == Fields{"名称", "代码", "备注"});
    const auto rows = read_all(*reader);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].line == 2);
    CHECK(rows[0].fields == Fields{"鄂州市市场监督管理局", " 914207 ", ""});
    CHECK_FALSE(rows[0].error);
}

TEST_CASE("quoted CSV fields may hold commas, doubled quotes and line breaks") {
    const auto rows = csv_rows("a,b,c,d\n"
                               "\"x,y\",\"say \"\"hi\"\"\",\"line1\nline2\r\nline3\",\"\"\n"
                               "next,2,3,4\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].line == 2);
    CHECK(rows[0].fields == Fields{"x,y", "say \"hi\"", "line1\nline2\r\nline3", ""});
    CHECK_FALSE(rows[0].error);
    CHECK(rows[1].line == 5); // the line breaks inside quotes count
    CHECK(rows[1].fields == Fields{"next", "2", "3", "4"});
}

TEST_CASE("CSV line endings, empty lines and a missing final line break are all accepted") {
    SUBCASE("CRLF") {
        const auto rows = csv_rows("a,b\r\n1,2\r\n3,4\r\n");
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].fields == Fields{"1", "2"});
        CHECK(rows[1].fields == Fields{"3", "4"});
        CHECK(rows[1].line == 3);
    }
    SUBCASE("no line break after the last record") {
        const auto rows = csv_rows("a,b\n1,2");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].fields == Fields{"1", "2"});
    }
    SUBCASE("a last record ending in a quoted field and no line break") {
        const auto rows = csv_rows("a,b\n1,\"2\"");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].fields == Fields{"1", "2"});
        CHECK_FALSE(rows[0].error);
    }
    SUBCASE("empty lines are skipped but counted") {
        const auto rows = csv_rows("\na,b\n\n1,2\n\r\n\n3,4\n\n");
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].line == 4);
        CHECK(rows[1].line == 7);
    }
    SUBCASE("a record of one empty quoted field is an empty line too") {
        const auto rows = csv_rows("a,b\n\"\"\n1,2\n");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].line == 3);
    }
    SUBCASE("a line of commas is a row of empty values") {
        const auto rows = csv_rows("a,b,c\n,,\n");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].fields == Fields{"", "", ""});
        CHECK_FALSE(rows[0].error);
    }
    SUBCASE("a lone CR is data, a CR at the very end is a line break") {
        const auto rows = csv_rows("a,b\n1\r2,3\n4,5\r");
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].fields == Fields{"1\r2", "3"});
        CHECK(rows[1].fields == Fields{"4", "5"});
    }
}

TEST_CASE("a UTF-8 byte order mark is stripped from the first column title") {
    const auto reader = csv("\xEF\xBB\xBF名称,代码\n鄂州,1\n");
    CHECK(reader->header() == Fields{"名称", "代码"});
    const auto only_bom = error_from([] { csv("\xEF\xBB\xBF"); });
    CHECK(only_bom.status() == Status::invalid_argument);
}

TEST_CASE("a CSV record with more or fewer fields than the header is a row error and reading goes on") {
    const auto rows = csv_rows("a,b,c\n1,2,3,4\n1,2\nx\n1,2,3\n");
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].error == "line 2: 4 fields, the header has 3");
    CHECK(rows[1].error == "line 3: 2 fields, the header has 3");
    CHECK(rows[1].fields == Fields{"1", "2", ""}); // nothing left over from the longer row before
    CHECK(rows[2].error == "line 4: 1 field, the header has 3");
    CHECK_FALSE(rows[3].error);
    CHECK(rows[3].fields == Fields{"1", "2", "3"});
}

TEST_CASE("an unterminated quote is a row error naming the line where the record starts") {
    const auto rows = csv_rows("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
    REQUIRE(rows.size() == 2);
    CHECK_FALSE(rows[0].error);
    CHECK(rows[1].line == 3);
    CHECK(rows[1].error == "line 3: the quote opening field 2 is never closed (the file ends inside it)");
}

TEST_CASE("quotes that break RFC 4180 are kept or reported") {
    SUBCASE("a quote inside an unquoted field is kept literally") {
        const auto rows = csv_rows("a,b\n5\" screen,x\"y\"\n");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].fields == Fields{"5\" screen", "x\"y\""});
        CHECK_FALSE(rows[0].error);
    }
    SUBCASE("text after a closing quote is a row error") {
        const auto rows = csv_rows("a,b\n\"He said \"hi\" there\",2\n3,4\n");
        REQUIRE(rows.size() == 2);
        REQUIRE(rows[0].error);
        CHECK(rows[0].error->find("line 2: field 1 has text after its closing quote") == 0);
        CHECK_FALSE(rows[1].error);
    }
    SUBCASE("in the header, both stop the reader") {
        CHECK(error_from([] { csv("\"a\"x,b\n"); }).status() == Status::invalid_argument);
        const auto unterminated = error_from([] { csv("a,\"b\n1,2\n"); });
        CHECK(unterminated.status() == Status::invalid_argument);
        CHECK(std::string(unterminated.what()) == "test.csv: line 1: the quote opening column 2 of the header is never closed");
    }
}

TEST_CASE("invalid UTF-8 is a row error that suggests GB18030") {
    const std::string gbk_name = to_gb18030("鄂州");
    const auto rows = csv_rows("名称,代码\n鄂州,1\n" + gbk_name + ",2\n鄂州\xFF,3\n\"x\ny\xC0z\",4\nok,5\n");
    REQUIRE(rows.size() == 5);
    CHECK_FALSE(rows[0].error);
    CHECK(rows[1].error == "line 3: not valid UTF-8 (byte 0xB6 at column 1); if the file is GB18030 or GBK, pass --encoding gb18030");
    CHECK(rows[2].error == "line 4: not valid UTF-8 (byte 0xFF at column 3); if the file is GB18030 or GBK, pass --encoding gb18030");
    CHECK(rows[3].line == 5);
    CHECK(rows[3].error == "line 6: not valid UTF-8 (byte 0xC0 at column 2); if the file is GB18030 or GBK, pass --encoding gb18030");
    CHECK_FALSE(rows[4].error);
    SUBCASE("overlong forms and surrogates are not UTF-8 either") {
        for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE4\xB8"}) {
            CAPTURE(bad);
            const auto bad_rows = csv_rows(std::string("a\n") + bad + "\n");
            REQUIRE(bad_rows.size() == 1);
            CHECK(bad_rows[0].error);
        }
    }
}

TEST_CASE("a header that is not valid UTF-8 is refused when the file is opened") {
    const auto error = error_from([] { csv(to_gb18030("名称,代码\n鄂州,1\n")); });
    CHECK(error.status() == Status::invalid_argument);
    CHECK(std::string(error.what()).find("test.csv: line 1: not valid UTF-8 (byte 0xC3 at column 1)") == 0);
    CHECK(std::string(error.what()).find("--encoding gb18030") != std::string::npos);
}

TEST_CASE("a GB18030 file reads exactly as its UTF-8 twin") {
    // Larger than two default chunks, so real chunk boundaries fall inside characters and quoted fields.
    std::string utf8 = "名称,代码,备注\n";
    for (int i = 0; utf8.size() < (std::size_t{5} << 20) / 2; ++i)
        utf8 += "鄂州市市场监督管理局" + std::to_string(i) + ",9142070" + std::to_string(i) + ",\"说\"\"😀\"\", 第" + std::to_string(i) +
                "行\n续\"\n";
    const std::string gb18030 = to_gb18030(utf8);
    REQUIRE(gb18030 != utf8);
    const TempFile utf8_file("twin_utf8.csv", utf8);
    const TempFile gb_file("twin_gb18030.csv", gb18030);
    const auto utf8_reader = TableReader::open(utf8_file.path(), FileFormat::csv, Encoding::utf8);
    const auto gb_reader = TableReader::open(gb_file.path(), FileFormat::csv, Encoding::gb18030);
    CHECK(gb_reader->header() == utf8_reader->header());
    const auto expected = read_all(*utf8_reader);
    CHECK(expected.size() > 20000);
    CHECK(expected.back().fields[2].find("😀") != std::string::npos);
    check_same_rows(read_all(*gb_reader), expected);
    CHECK(gb_reader->bytes_read() == gb18030.size());
    CHECK(gb_reader->total_bytes() == gb18030.size());
}

TEST_CASE("chunk boundaries anywhere, even inside a character, change nothing that is read") {
    const std::string text = tricky_csv();
    const auto expected = csv_rows(text);
    REQUIRE(expected.size() == 4);
    CHECK(expected[1].fields == Fields{"说 \"守信\" 😀", "91420704MA00002770", "第一行\r\n第二行\nend"});
    CHECK(expected[2].line == 7);
    CHECK(expected[3].fields == Fields{"末行", "x", "y"});
    const std::string gb18030 = to_gb18030(text);
    const std::string jsonl_text = "{\"名称\":\"鄂州 😀\",\"代码\":1}\r\n\n{\"代码\":2.5,\"名称\":\"市场\\n监督\"}";
    const auto expected_jsonl = jsonl_rows(jsonl_text);
    REQUIRE(expected_jsonl.size() == 2);
    for (std::size_t chunk : {1, 2, 3, 4, 5, 7, 13, 64}) {
        CAPTURE(chunk);
        const ReaderLimits limits{chunk, std::size_t{1} << 20};
        const auto utf8 = TableReader::from_string(text, FileFormat::csv, Encoding::utf8, "utf8", limits);
        CHECK(utf8->header() == Fields{"名称", "统一社会信用代码", "备注"});
        check_same_rows(read_all(*utf8), expected);
        const auto gb = TableReader::from_string(gb18030, FileFormat::csv, Encoding::gb18030, "gb", limits);
        CHECK(gb->header() == Fields{"名称", "统一社会信用代码", "备注"});
        check_same_rows(read_all(*gb), expected);
        const auto lines = TableReader::from_string(jsonl_text, FileFormat::jsonl, Encoding::utf8, "jsonl", limits);
        check_same_rows(read_all(*lines), expected_jsonl);
        const auto gb_lines = TableReader::from_string(to_gb18030(jsonl_text), FileFormat::jsonl, Encoding::gb18030, "gb-jsonl", limits);
        check_same_rows(read_all(*gb_lines), expected_jsonl);
    }
}

TEST_CASE("a GB18030 byte order mark is stripped") {
    const auto reader = TableReader::from_string("\x84\x31\x95\x33" + to_gb18030("名称,代码\n鄂州,1\n"), FileFormat::csv, Encoding::gb18030);
    CHECK(reader->header() == Fields{"名称", "代码"});
}

TEST_CASE("bytes that are not GB18030 stop the reader after the good rows, naming the byte offset and line") {
    const std::string good = to_gb18030("名称,代码\n鄂州,1\n");
    const auto reader = TableReader::from_string(good + "\xFF,2\n", FileFormat::csv, Encoding::gb18030, "dept.csv");
    SourceRow row;
    REQUIRE(reader->next(row));
    CHECK(row.fields == Fields{"鄂州", "1"});
    const auto error = error_from([&] { reader->next(row); });
    CHECK(error.status() == Status::invalid_argument);
    CHECK(std::string(error.what()) == "dept.csv: not valid GB18030 at byte offset " + std::to_string(good.size()) +
                                           " (near line 3): 0xFF 0x2C 0x32 0x0A; if the file is UTF-8, pass --encoding utf-8");
}

TEST_CASE("a GB18030 file that ends inside a character is refused") {
    std::string gb = to_gb18030("名称\n鄂州\n");
    gb.resize(gb.size() - 2); // drop the line break and half of 州
    const auto reader = TableReader::from_string(gb, FileFormat::csv, Encoding::gb18030, "cut.csv");
    SourceRow row;
    const auto error = error_from([&] { reader->next(row); });
    CHECK(error.status() == Status::invalid_argument);
    CHECK(std::string(error.what()).find("cut.csv: the file ends inside a GB18030 character") == 0);
}

TEST_CASE("a record longer than the limit stops the reader instead of buffering the rest of the file") {
    const auto reader = csv("a,b\n1,2\n\"" + std::string(200, 'x') + "\n", ReaderLimits{8, 64});
    SourceRow row;
    REQUIRE(reader->next(row));
    const auto error = error_from([&] { reader->next(row); });
    CHECK(error.status() == Status::invalid_argument);
    CHECK(std::string(error.what()).find("test.csv: line 3: a record longer than 64 bytes; is a quote never closed?") == 0);
}

TEST_CASE("the row's strings are reused from one record to the next") {
    const std::string long_value(100, 'v');
    const auto reader = csv("a,b\n" + long_value + ",1\n" + long_value + ",2\n");
    SourceRow row;
    REQUIRE(reader->next(row));
    const char* const storage = row.fields[0].data();
    REQUIRE(reader->next(row));
    CHECK(row.fields[0].data() == storage);
    CHECK(row.fields[1] == "2");
}

TEST_CASE("progress counts the bytes consumed up to the total size") {
    const std::string text = "\xEF\xBB\xBF" "a,b\n1,2\n3,4\n";
    const TempFile file("progress.csv", text);
    const auto reader = TableReader::open(file.path(), FileFormat::csv, Encoding::utf8);
    CHECK(reader->total_bytes() == text.size());
    CHECK(reader->bytes_read() == 3 + 4); // the mark and the header
    SourceRow row;
    REQUIRE(reader->next(row));
    CHECK(reader->bytes_read() == 3 + 4 + 4);
    while (reader->next(row)) {
    }
    CHECK(reader->bytes_read() == text.size());
}

TEST_CASE("JSONL values become text: numbers as JSON writes them, null as empty, booleans as words") {
    const auto reader = jsonl(R"({"名称":"鄂州","n":42,"x":1.5,"neg":-3,"big":12345678901234567890,"null":null,"t":true,"f":false})");
    CHECK(reader->header() == Fields{"名称", "n", "x", "neg", "big", "null", "t", "f"});
    const auto rows = read_all(*reader);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].line == 1);
    CHECK(rows[0].fields == Fields{"鄂州", "42", "1.5", "-3", "12345678901234567890", "", "true", "false"});
    CHECK_FALSE(rows[0].error);
}

TEST_CASE("JSONL lines may order keys differently or leave them out; blank lines are skipped but counted") {
    const auto rows = jsonl_rows("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}\r\n\n  \n{\"c\":\"z\",\"a\":\"x\"}\n{\" b \":\"trimmed key\"}\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].line == 4);
    CHECK(rows[1].fields == Fields{"x", "", "z"});
    CHECK_FALSE(rows[1].error);
    CHECK(rows[2].fields == Fields{"", "trimmed key", ""});
}

TEST_CASE("malformed JSONL lines are row errors and reading goes on") {
    const auto rows = jsonl_rows("{\"a\":1,\"b\":2}\n"
                                 "{\"a\":[1,2]}\n"
                                 "{\"a\":1,\"b\":{\"x\":1}}\n"
                                 "{\"a\":1,\"foo\":2}\n"
                                 "{\"a\":1,\n"
                                 "[1,2]\n"
                                 "{\"a\":\"\xB6\xF5\"}\n"
                                 "{\"a\":3}\n");
    REQUIRE(rows.size() == 8);
    CHECK(rows[1].error == "line 2: key 'a' holds an array; a column takes a string, number, boolean or null");
    CHECK(rows[2].error == "line 3: key 'b' holds an object; a column takes a string, number, boolean or null");
    CHECK(rows[3].error == "line 4: key 'foo' is not a column of the first line");
    REQUIRE(rows[4].error);
    CHECK(rows[4].error->find("line 5: not valid JSON (") == 0);
    CHECK(rows[4].error->find("json.exception") == std::string::npos);
    CHECK(rows[5].error == "line 6: expected a JSON object, found an array");
    CHECK(rows[6].error == "line 7: not valid UTF-8 (byte 0xB6 at column 7); if the file is GB18030 or GBK, pass --encoding gb18030");
    CHECK_FALSE(rows[7].error);
    CHECK(rows[7].fields == Fields{"3", ""});
}

TEST_CASE("a JSONL file whose first line names no columns is refused") {
    for (const char* text : {"", "\n\n", "[1,2]\n", "{}\n", "{\"a\":\n", "42"}) {
        CAPTURE(text);
        CHECK(error_from([&] { jsonl(text); }).status() == Status::invalid_argument);
    }
    CHECK(std::string(error_from([] { jsonl("\n[1]\n"); }).what()) ==
          "test.jsonl: line 2: expected a JSON object whose keys name the columns, found an array");
}

TEST_CASE("opening a file that is missing, a directory or empty fails with what and where") {
    SUBCASE("missing") {
        const auto path = std::filesystem::temp_directory_path() / "credcheck_no_such_dir" / "dept.csv";
        const auto error = error_from([&] { TableReader::open(path, FileFormat::csv, Encoding::utf8); });
        CHECK(error.status() == Status::not_found);
        CHECK(std::string(error.what()) == "cannot open '" + path.string() + "': no such file");
    }
    SUBCASE("a directory") {
        const auto error = error_from([] { TableReader::open(std::filesystem::temp_directory_path(), FileFormat::csv, Encoding::utf8); });
        CHECK(error.status() == Status::io_error);
        CHECK(std::string(error.what()).find("it is a directory") != std::string::npos);
    }
    SUBCASE("unreadable") {
        const TempFile file("unreadable.csv", "a,b\n");
        std::filesystem::permissions(file.path(), std::filesystem::perms::none);
        if (std::ifstream(file.path()).is_open()) {
            MESSAGE("skipped: this user reads files whatever their permissions (root)");
        } else {
            const auto error = error_from([&] { TableReader::open(file.path(), FileFormat::csv, Encoding::utf8); });
            CHECK(error.status() == Status::io_error);
            CHECK(std::string(error.what()) == "cannot open '" + file.path().string() + "': Permission denied");
        }
    }
    SUBCASE("empty, or only empty lines") {
        for (const char* text : {"", "\n", "\r\n\n\r\n"}) {
            CAPTURE(text);
            const TempFile file("empty.csv", text);
            const auto error = error_from([&] { TableReader::open(file.path(), FileFormat::csv, Encoding::utf8); });
            CHECK(error.status() == Status::invalid_argument);
            CHECK(std::string(error.what()) ==
                  file.path().string() + ": the file is empty; expected a header line with the column titles");
        }
    }
}

TEST_CASE("a column title that appears twice is refused") {
    SUBCASE("CSV") {
        CHECK(std::string(error_from([] { csv("a,b,a\n"); }).what()) == "test.csv: line 1: column title 'a' appears twice (columns 1 and 3)");
        CHECK(error_from([] { csv(" 名称,名称\xE3\x80\x80\n"); }).status() == Status::invalid_argument);
        CHECK(std::string(error_from([] { csv("a,,\n"); }).what()) == "test.csv: line 1: columns 2 and 3 have no title");
    }
    SUBCASE("JSONL, once keys are trimmed") {
        CHECK(error_from([] { jsonl(R"({"a":1," a":2})"); }).status() == Status::invalid_argument);
    }
}

TEST_CASE("encoding names are parsed case-insensitively") {
    CHECK(parse_encoding("UTF-8") == Encoding::utf8);
    CHECK(parse_encoding("utf8") == Encoding::utf8);
    CHECK(parse_encoding("GB18030") == Encoding::gb18030);
    CHECK(parse_encoding("gbk") == Encoding::gb18030);
    CHECK(parse_encoding("Gb2312") == Encoding::gb18030);
    const auto error = error_from([] { parse_encoding("latin1"); });
    CHECK(error.status() == Status::invalid_argument);
    CHECK(std::string(error.what()) == "unknown encoding 'latin1'; expected one of utf-8, utf8, gb18030, gbk, gb2312");
}

TEST_CASE("the file format follows the extension") {
    CHECK(format_from_extension("dept.jsonl") == FileFormat::jsonl);
    CHECK(format_from_extension("/data/DEPT.NDJSON") == FileFormat::jsonl);
    CHECK(format_from_extension("dept.csv") == FileFormat::csv);
    CHECK(format_from_extension("dept.txt") == FileFormat::csv);
    CHECK(format_from_extension("dept") == FileFormat::csv);
    CHECK(format_from_extension("exports.jsonl/dept.csv") == FileFormat::csv);
}
