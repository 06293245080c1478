// What the XLS reader checks before FreeXL sees a file: the compound file (what it is), the workbook
// stream's records (passwords, the cells FreeXL would allocate, date serials it would count out day by day).
// The files are built here, byte by byte, as an attacker would.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "credcheck/error.hpp"
#include "import/biff_sanitizer.hpp"
#include "import/compound_file.hpp"
#include "import/xls_reader.hpp"
#include "test_support.hpp"

using namespace credcheck;
using namespace credcheck::import;
using credcheck::test::error_of;

namespace {

void put16(std::string& s, std::size_t at, std::uint16_t v) {
    s[at] = static_cast<char>(v & 0xFF);
    s[at + 1] = static_cast<char>(v >> 8);
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
    put16(s, at, static_cast<std::uint16_t>(v & 0xFFFF));
    put16(s, at + 2, static_cast<std::uint16_t>(v >> 16));
}

std::string record(std::uint16_t type, const std::string& data) {
    std::string r(4, '\0');
    put16(r, 0, type);
    put16(r, 2, static_cast<std::uint16_t>(data.size()));
    return r + data;
}

std::string bytes(std::initializer_list<std::uint32_t> values, std::size_t width) {
    std::string out(values.size() * width, '\0');
    std::size_t at = 0;
    for (auto v : values) {
        if (width == 2) put16(out, at, static_cast<std::uint16_t>(v));
        else put32(out, at, v);
        at += width;
    }
    return out;
}

/// A BIFF8 workbook stream: globals (BOF) + `records` + EOF.
std::string workbook_stream(const std::string& records, std::uint16_t version = 0x0600) {
    std::string bof(16, '\0');
    put16(bof, 0, version);
    put16(bof, 2, 0x0005);
    return record(0x0809, bof) + records + record(0x000A, "");
}

/// A version-3 compound file (512-byte sectors) holding `streams`, each padded to 4096 bytes so that it
/// lives in regular sectors (what comes after a BIFF stream's EOF record is never read).
std::string compound_file(const std::vector<std::pair<std::string, std::string>>& streams) {
    constexpr std::size_t kSector = 512;
    std::vector<std::string> data;
    for (const auto& [name, content] : streams) {
        std::string padded = content;
        if (padded.size() < 4096) padded.resize(4096, '\0');
        padded.resize((padded.size() + kSector - 1) / kSector * kSector, '\0');
        data.push_back(padded);
    }
    // Sector 0: the FAT; sector 1: the directory; then the streams.
    std::vector<std::uint32_t> fat(kSector / 4, 0xFFFFFFFF);
    fat[0] = 0xFFFFFFFD;
    fat[1] = 0xFFFFFFFE;
    std::uint32_t next = 2;
    std::vector<std::uint32_t> starts;
    for (const auto& d : data) {
        starts.push_back(next);
        const std::uint32_t count = static_cast<std::uint32_t>(d.size() / kSector);
        for (std::uint32_t i = 0; i < count; ++i) fat[next + i] = i + 1 == count ? 0xFFFFFFFE : next + i + 1;
        next += count;
    }
    std::string header(kSector, '\0');
    std::memcpy(header.data(), kCompoundFileSignature.data(), 8);
    put16(header, 24, 0x3E);
    put16(header, 26, 3);
    put16(header, 28, 0xFFFE);
    put16(header, 30, 9);
    put16(header, 32, 6);
    put32(header, 44, 1); // one FAT sector
    put32(header, 48, 1); // the directory starts at sector 1
    put32(header, 56, 4096);
    put32(header, 60, 0xFFFFFFFE);
    put32(header, 68, 0xFFFFFFFE);
    for (std::size_t i = 0; i < 109; ++i) put32(header, 76 + 4 * i, i == 0 ? 0 : 0xFFFFFFFF);
    std::string fat_sector(kSector, '\0');
    for (std::size_t i = 0; i < fat.size(); ++i) put32(fat_sector, 4 * i, fat[i]);
    std::string directory(kSector, '\0');
    const auto entry = [&](std::size_t index, const std::string& name, int type, std::uint32_t start, std::uint32_t size) {
        const std::size_t at = index * 128;
        for (std::size_t i = 0; i < name.size(); ++i) put16(directory, at + 2 * i, static_cast<unsigned char>(name[i]));
        put16(directory, at + 64, static_cast<std::uint16_t>(2 * name.size() + 2));
        directory[at + 66] = static_cast<char>(type);
        put32(directory, at + 68, 0xFFFFFFFF);
        put32(directory, at + 72, 0xFFFFFFFF);
        put32(directory, at + 76, type == 5 && streams.size() > 0 ? 1 : 0xFFFFFFFF);
        put32(directory, at + 116, start);
        put32(directory, at + 120, size);
    };
    entry(0, "Root Entry", 5, 0xFFFFFFFE, 0);
    for (std::size_t i = 0; i < streams.size(); ++i) entry(i + 1, streams[i].first, 2, starts[i], static_cast<std::uint32_t>(data[i].size()));
    std::string file = header + fat_sector + directory;
    for (const auto& d : data) file += d;
    return file;
}

std::string dimension(std::uint32_t rows, std::uint16_t columns) {
    std::string d(14, '\0');
    put32(d, 4, rows);
    put16(d, 10, columns);
    return record(0x0200, d);
}

/// A BIFF8 workbook stream: globals (BOF, `globals`, a BOUNDSHEET per sheet, EOF), then each sheet's
/// records between a BOF and an EOF, the BOUNDSHEETs naming where each sheet's BOF is.
std::string workbook_with_sheets(const std::string& globals, const std::vector<std::string>& sheets) {
    const auto boundsheet = [](std::uint32_t offset, std::size_t index) {
        const std::string name = "S" + std::to_string(index + 1);
        return record(0x0085, bytes({offset}, 4) + std::string(2, '\0') + std::string(1, static_cast<char>(name.size())) + std::string(1, '\0') + name);
    };
    std::string sheet_bof(16, '\0');
    put16(sheet_bof, 0, 0x0600);
    put16(sheet_bof, 2, 0x0010);
    std::string bound;
    for (std::size_t i = 0; i < sheets.size(); ++i) bound += boundsheet(0, i);
    std::uint32_t offset = static_cast<std::uint32_t>(workbook_stream(globals + bound).size());
    bound.clear();
    std::string tail;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        bound += boundsheet(offset, i);
        const std::string sheet = record(0x0809, sheet_bof) + sheets[i] + record(0x000A, "");
        tail += sheet;
        offset += static_cast<std::uint32_t>(sheet.size());
    }
    return workbook_stream(globals + bound) + tail;
}

std::string label_sst(std::uint16_t row, std::uint16_t column, std::uint32_t string) {
    return record(0x00FD, bytes({row, column, 0}, 2) + bytes({string}, 4));
}

/// How many DIMENSION records `stream` holds, read record by record.
std::size_t dimension_records(const std::string& stream) {
    std::size_t count = 0;
    for (std::size_t at = 0; at + 4 <= stream.size();) {
        const auto type = static_cast<std::uint16_t>(static_cast<unsigned char>(stream[at]) | static_cast<unsigned char>(stream[at + 1]) << 8);
        const auto size = static_cast<std::size_t>(static_cast<unsigned char>(stream[at + 2]) | static_cast<unsigned char>(stream[at + 3]) << 8);
        count += type == 0x0200;
        at += 4 + size;
    }
    return count;
}

} // namespace

TEST_CASE("an OLE2 file that is no workbook is named for what it is") {
    CHECK(error_of([] { open_xls_bytes(compound_file({{"WordDocument", "x"}}), "a.xls"); }) == "a.xls: a Word 97-2003 document (.doc), not a workbook");
    CHECK(error_of([] { open_xls_bytes(compound_file({{"EncryptedPackage", "x"}, {"EncryptionInfo", "y"}}), "a.xlsx"); }) ==
          "a.xlsx: an encrypted (password-protected) Office document: save it without a password, not a workbook");
    CHECK(error_of([] { open_xls_bytes(compound_file({{"Other", "x"}}), "a.xls"); }) ==
          "a.xls: an OLE2 compound file without an Excel workbook stream (streams: Other), not a workbook");
}

TEST_CASE("a damaged compound file is refused saying so") {
    std::string file = compound_file({{"Workbook", workbook_stream("")}});
    SUBCASE("truncated") {
        file.resize(700);
        CHECK(error_of([&] { open_xls_bytes(file, "t.xls"); }).find("t.xls: a damaged OLE2 compound file") == 0);
    }
    SUBCASE("a FAT chain that loops") {
        put32(file, 512 + 4 * 1, 1); // the directory's chain points at itself
        CHECK(error_of([&] { open_xls_bytes(file, "t.xls"); }).find("loops") != std::string::npos);
    }
    SUBCASE("a sector size that is no power the standard allows") {
        put16(file, 30, 7);
        CHECK(error_of([&] { open_xls_bytes(file, "t.xls"); }).find("sector size") != std::string::npos);
    }
}

TEST_CASE("a workbook protected by a password is refused before FreeXL reads it") {
    const std::string file = compound_file({{"Workbook", workbook_stream(record(0x002F, std::string(54, '\0')))}});
    CHECK(error_of([&] { open_xls_bytes(file, "p.xls"); }) == "p.xls: the workbook is protected by a password (encrypted): save it without one");
}

TEST_CASE("dimension records claiming more cells than credcheck lets FreeXL allocate are refused") {
    // 256 MiB each, to FreeXL
    const std::string file = compound_file({{"Workbook", workbook_with_sheets("", {dimension(65536, 256), dimension(65536, 256)})}});
    const std::string message = error_of([&] { open_xls_bytes(file, "big.xls"); });
    CHECK(message.find("big.xls: the sheets' dimension records claim 512 MiB of cells, more than the 256 MiB") == 0);
    SUBCASE("a lower limit refuses less") {
        XlsLimits limits;
        limits.max_cell_bytes = std::uint64_t{1} << 20;
        CHECK(error_of([&] { open_xls_bytes(compound_file({{"Workbook", workbook_with_sheets("", {dimension(1000, 100)})}}), "b.xls", limits); })
                  .find("claim 1 MiB") != std::string::npos);
    }
    SUBCASE("a sheet without a DIMENSION record claims as far as its cells reach") {
        XlsLimits limits;
        limits.max_cell_bytes = std::uint64_t{1} << 20;
        const std::string sheet = label_sst(59999, 1, 0); // 60,000 rows of 2 columns: 1.8 MiB
        CHECK(error_of([&] { sanitize_workbook_stream(workbook_with_sheets("", {sheet}), "c.xls", limits); })
                  .find("claim 1 MiB") != std::string::npos);
    }
}

TEST_CASE("FreeXL is given no number formats: the date cells are credcheck's to show, CJK formats included") {
    // FreeXL would count a date out one day at a time from 1900, and knows no CJK built-in date format.
    std::string custom_xf(20, '\0'), cjk_xf(20, '\0'), general_xf(20, '\0');
    put16(custom_xf, 2, 200);
    put16(cjk_xf, 2, 31); // zh-CN: yyyy"年"m"月"d"日"
    const std::string format = bytes({200}, 2) + bytes({10}, 2) + std::string(1, '\0') + "yyyy-mm-dd";
    std::string number(14, '\0'), rk(10, '\0'), plain(14, '\0');
    put16(number, 0, 4);         // row 5
    put16(number, 4, 0);         // the custom date format
    put16(rk, 0, 6);             // row 7
    put16(rk, 2, 2);             // column C
    put16(rk, 4, 1);             // the CJK format
    put32(rk, 6, (500000000u << 2) | 0x02); // a serial no calendar has: a row error later, never a FreeXL loop
    put16(plain, 4, 2);          // General
    std::string boundsheet = bytes({0}, 4) + std::string(2, '\0') + std::string(1, '\x01') + std::string(1, '\0') + "S";
    const std::string globals = record(0x041E, format) + record(0x00E0, custom_xf) + record(0x00E0, cjk_xf) + record(0x00E0, general_xf);
    std::string stream = workbook_stream(globals + record(0x0085, boundsheet));
    const std::size_t sheet_bof = stream.size();
    boundsheet.replace(0, 4, bytes({static_cast<std::uint32_t>(sheet_bof)}, 4));
    stream = workbook_stream(globals + record(0x0085, boundsheet)) + record(0x0809, std::string(16, '\0')) + record(0x0203, number) +
             record(0x027E, rk) + record(0x0203, plain) + record(0x000A, "");
    const SanitizedWorkbook out = sanitize_workbook_stream(stream, "d.xls", XlsLimits{});
    REQUIRE(out.dates.size() == 1);
    CHECK(out.dates[0].size() == 2);
    CHECK(out.dates[0].at(std::uint64_t{4} << 16) == DateCellStyle::date);
    CHECK(out.dates[0].at((std::uint64_t{6} << 16) | 2) == DateCellStyle::date);
    CHECK(out.stream.find(std::string("\x1E\x04", 2)) == std::string::npos); // no FORMAT record
    CHECK(out.stream.find(std::string("\xE0\x00\x14\x00\x00\x00\xC8\x00", 8)) == std::string::npos); // no XF names format 200
}

TEST_CASE("an Excel 2-4 or unknown BIFF version is refused naming it") {
    const std::string file = compound_file({{"Workbook", workbook_stream("", 0x0300)}});
    CHECK(error_of([&] { open_xls_bytes(file, "old.xls"); }).find("BIFF version 0x0300") != std::string::npos);
}

namespace {

/// A BIFF8 string: count, flags (compressed), characters.
std::string biff_string(const std::string& ascii) { return bytes({static_cast<std::uint32_t>(ascii.size())}, 2) + std::string(1, '\0') + ascii; }

std::string sst(const std::vector<std::string>& strings) {
    std::string data = bytes({static_cast<std::uint32_t>(strings.size()), static_cast<std::uint32_t>(strings.size())}, 4);
    for (const auto& s : strings) data += biff_string(s);
    return data;
}

} // namespace

TEST_CASE("a record that would make FreeXL read past its end refuses the file, naming the record") {
    XlsLimits limits;
    SUBCASE("a FORMAT whose text is longer than the record (what fuzzing crashed FreeXL with)") {
        const std::string format = bytes({200, 57361}, 2) + std::string(1, '\0') + "yyyy";
        CHECK(error_of([&] { sanitize_workbook_stream(workbook_stream(record(0x041E, format)), "f.xls", limits); })
                  .find("f.xls: a damaged FORMAT record at offset 20 of the workbook stream") == 0);
    }
    SUBCASE("a LABEL") {
        const std::string label = bytes({0, 0, 0, 40}, 2) + std::string(1, '\0') + "short";
        CHECK(error_of([&] { sanitize_workbook_stream(workbook_stream(record(0x0204, label)), "f.xls", limits); }).find("damaged LABEL") !=
              std::string::npos);
    }
    SUBCASE("a BOUNDSHEET") {
        std::string sheet = bytes({0}, 4) + std::string(2, '\0') + std::string(1, '\x50') + std::string(1, '\0') + "Sheet1";
        CHECK(error_of([&] { sanitize_workbook_stream(workbook_stream(record(0x0085, sheet)), "f.xls", limits); }).find("damaged BOUNDSHEET") !=
              std::string::npos);
    }
    SUBCASE("a shared string cut by its record's end and continued over more than one more record") {
        const std::string long_string(100, 'a');
        std::string data = sst({long_string});
        const std::string first = data.substr(0, 60), rest = std::string(1, '\0') + data.substr(60, 30);
        const std::string stream = workbook_stream(record(0x00FC, first) + record(0x003C, rest) + record(0x003C, std::string(1, '\0') + "aaaa"));
        CHECK(error_of([&] { sanitize_workbook_stream(stream, "f.xls", limits); }).find("continued over more than two records") != std::string::npos);
    }
    SUBCASE("a second shared string table") {
        CHECK(error_of([&] { sanitize_workbook_stream(workbook_stream(record(0x00FC, sst({"a"})) + record(0x00FC, sst({"b"}))), "f.xls", limits); })
                  .find("a second shared string table") != std::string::npos);
    }
}

TEST_CASE("what FreeXL is given holds the records it reads, checked, with the sheets' offsets moved") {
    XlsLimits limits;
    const std::string long_string(100, 'b');
    const std::string data = sst({"鄂", long_string});
    // The second string is split: its first 40 characters here, the rest in a CONTINUE (a flags byte first).
    const std::size_t split = data.size() - 60;
    const std::string globals = record(0x00FC, data.substr(0, split)) + record(0x003C, std::string(1, '\0') + data.substr(split)) +
                                record(0x00E0, std::string(20, '\0'));
    std::string boundsheet = bytes({0}, 4) + std::string(2, '\0') + std::string(1, '\x01') + std::string(1, '\0') + "S";
    const std::string globals_end = record(0x000A, "");
    std::string formula(20, '\0');
    formula[0] = 3; // row 3
    formula[2] = 1; // column B
    std::string label_sst(10, '\0');
    const std::string sheet_records = record(0x0809, std::string(16, '\0')) + record(0x0006, formula) + record(0x00FD, label_sst) + record(0x000A, "");
    // The BOUNDSHEET names where the sheet's BOF is in the original stream.
    std::string stream = workbook_stream(globals + record(0x0085, boundsheet));
    const std::size_t sheet_bof = stream.size();
    boundsheet.replace(0, 4, bytes({static_cast<std::uint32_t>(sheet_bof)}, 4));
    stream = workbook_stream(globals + record(0x0085, boundsheet)) + sheet_records;
    put16(stream, sheet_bof + 4, 0x0600); // the sheet BOF's version
    const SanitizedWorkbook out = sanitize_workbook_stream(stream, "f.xls", limits);
    CHECK(out.biff == 8);
    REQUIRE(out.formulas.size() == 1);
    CHECK(out.formulas[0] == std::set<std::uint64_t>{(std::uint64_t{3} << 16) | 1});
    CHECK(out.stream.find(std::string("\x06\x00\x14\x00", 4)) == std::string::npos); // the FORMULA is left out
    CHECK(out.stream.size() == stream.size() - 24 + 18); // the FORMULA out, a DIMENSION for the sheet in
    // The BOUNDSHEET now names the BOF where it is in the new stream.
    const std::size_t moved = out.stream.find(record(0x0809, std::string(16, '\0')).substr(0, 4), 20);
    REQUIRE(moved != std::string::npos);
    const std::size_t bs = out.stream.find(std::string("\x85\x00", 2));
    CHECK(static_cast<std::size_t>(static_cast<unsigned char>(out.stream[bs + 4]) | static_cast<unsigned char>(out.stream[bs + 5]) << 8) == moved);
}

TEST_CASE("each sheet FreeXL is given has exactly one DIMENSION record, since it leaks a sheet's cells otherwise") {
    // FreeXL allocates a sheet's cells on its DIMENSION record and, for a sheet that had none, again after
    // the stream for the sheet read last: a second DIMENSION or a missing one leaked what it had allocated.
    XlsLimits limits;
    const std::string strings = record(0x00FC, sst({"ab", "b"}));
    SUBCASE("a sheet without one is given one reaching as far as its cells, right after its BOF") {
        const SanitizedWorkbook out = sanitize_workbook_stream(workbook_with_sheets(strings, {label_sst(4, 2, 0) + label_sst(1, 6, 1)}), "d.xls", limits);
        CHECK(dimension_records(out.stream) == 1);
        std::string expected(14, '\0');
        put32(expected, 4, 5); // rows 0-4
        put16(expected, 10, 7); // columns A-G
        const std::size_t bof = out.stream.rfind(std::string("\x09\x08\x10\x00", 4));
        REQUIRE(bof != std::string::npos);
        CHECK(out.stream.substr(bof + 20, 18) == record(0x0200, expected));
    }
    SUBCASE("and FreeXL reads its cells") {
        auto book = open_xls_bytes(compound_file({{"Workbook", workbook_with_sheets(strings, {label_sst(2, 1, 0)})}}), "d.xls");
        REQUIRE(book->sheets().size() == 1);
        auto reader = book->open_sheet(0);
        GridRow row;
        std::vector<std::string> seen;
        while (reader->next(row))
            for (const auto& cell : row.cells) seen.push_back(cell);
        CHECK(std::find(seen.begin(), seen.end(), "ab") != seen.end());
    }
    SUBCASE("a second one in a sheet refuses the file") {
        CHECK(error_of([&] { sanitize_workbook_stream(workbook_with_sheets(strings, {dimension(3, 3) + dimension(4, 4)}), "d.xls", limits); })
                  .find("d.xls: a second DIMENSION record in one sheet, at offset") == 0);
    }
    SUBCASE("one outside a sheet is left out") {
        const SanitizedWorkbook out = sanitize_workbook_stream(workbook_with_sheets(dimension(9, 9), {dimension(3, 3)}), "d.xls", limits);
        CHECK(dimension_records(out.stream) == 1);
    }
    SUBCASE("a sheet a BOUNDSHEET names but the stream lacks is given empty") {
        std::string stream = workbook_with_sheets(strings, {dimension(3, 3), dimension(2, 2)});
        stream.resize(stream.rfind(std::string("\x09\x08\x10\x00", 4))); // the second sheet cut off
        const SanitizedWorkbook out = sanitize_workbook_stream(stream, "d.xls", limits);
        CHECK(dimension_records(out.stream) == 2);
        auto book = open_xls_bytes(compound_file({{"Workbook", stream}}), "d.xls");
        REQUIRE(book->sheets().size() == 2);
        auto reader = book->open_sheet(1);
        GridRow row;
        CHECK_FALSE(reader->next(row));
    }
    SUBCASE("a substream no BOUNDSHEET names (an embedded chart) is left out, with the DIMENSION it holds, and the sheet goes on") {
        std::string chart_bof(16, '\0');
        put16(chart_bof, 0, 0x0600);
        put16(chart_bof, 2, 0x0020);
        const std::string chart = record(0x0809, chart_bof) + dimension(50, 50) + label_sst(40, 40, 1) + record(0x000A, "");
        const SanitizedWorkbook out = sanitize_workbook_stream(workbook_with_sheets(strings, {dimension(3, 3) + chart + label_sst(0, 0, 0)}), "d.xls", limits);
        CHECK(dimension_records(out.stream) == 1);
        CHECK(out.stream.find(chart_bof) == std::string::npos);
        CHECK(out.stream.find(label_sst(0, 0, 0)) != std::string::npos);
        CHECK(out.stream.find(label_sst(40, 40, 1)) == std::string::npos);
    }
    SUBCASE("a cell outside its sheet's DIMENSION refuses the file (FreeXL would refuse it, leaking its text)") {
        CHECK(error_of([&] { sanitize_workbook_stream(workbook_with_sheets(strings, {dimension(3, 3) + label_sst(3, 0, 0)}), "d.xls", limits); })
                  .find("d.xls: a cell at row 4, column 1 (offset") == 0);
    }
    SUBCASE("a DIMENSION after the sheet's first cells refuses the file (FreeXL would drop those cells)") {
        CHECK(error_of([&] { sanitize_workbook_stream(workbook_with_sheets(strings, {label_sst(0, 0, 0) + dimension(3, 3)}), "d.xls", limits); })
                  .find("after its sheet's first cells") != std::string::npos);
    }
    SUBCASE("a cell outside any sheet is left out") {
        const SanitizedWorkbook out = sanitize_workbook_stream(workbook_with_sheets(strings + label_sst(0, 0, 1), {dimension(3, 3)}), "d.xls", limits);
        CHECK(out.stream.find(label_sst(0, 0, 1)) == std::string::npos);
    }
    SUBCASE("a sheet's BOF inside another sheet refuses the file") {
        // The first sheet's EOF is taken out: the second sheet's BOF then lies inside it.
        std::string stream = workbook_with_sheets(strings, {dimension(3, 3), dimension(2, 2)});
        const std::size_t second = stream.rfind(std::string("\x09\x08\x10\x00", 4));
        CHECK(stream.substr(second - 4, 4) == record(0x000A, ""));
        stream[second - 4] = '\x01'; // the EOF becomes an unknown record; the offsets stay
        CHECK(error_of([&] { sanitize_workbook_stream(stream, "d.xls", limits); }).find("a sheet's BOF record at offset") != std::string::npos);
    }
}
