// fuzz_xlsx — the XLSX reader on malformed zips and hostile XML. The first byte chooses how the rest is
// used (bit 0) and a chunk size (bits 1-7):
//   bit 0 clear: the rest is a whole file (a zip, or not);
//   bit 0 set:   the rest is "sheet XML \0 shared strings XML \0 styles XML", zipped here (stored), so that
//                the mutations reach the XML: out-of-range shared strings, styles, cell references, DTDs.
// Properties: rows come in increasing order, each with a cell or an error; the same rows (or the same
// failure) whatever the chunk size the parts are inflated in.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <zip.h>

#include "credcheck/error.hpp"
#include "fuzz_support.hpp"
#include "import/xlsx_reader.hpp"

using namespace credcheck;
using namespace credcheck::import;

namespace {

/// A zip archive of (name, content) entries, stored uncompressed, as bytes.
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    FUZZ_REQUIRE(buffer != nullptr);
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    FUZZ_REQUIRE(archive != nullptr);
    for (const auto& [name, content] : entries) {
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, 0);
        FUZZ_REQUIRE(index >= 0);
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    FUZZ_REQUIRE(zip_close(archive) == 0);
    zip_source_open(buffer);
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    std::string out(static_cast<std::size_t>(size), '\0');
    zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(buffer);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return out;
}

std::string workbook_from_parts(std::string_view parts) {
    std::vector<std::string> p(3);
    std::size_t i = 0;
    for (char c : parts) {
        if (c == '\0' && i < 2) ++i;
        else p[i].push_back(c);
    }
    const std::string ns = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";
    return stored_zip({
        {"_rels/.rels", R"(<Relationships><Relationship Id="a" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
        {"xl/workbook.xml", "<workbook " + ns + R"( xmlns:r="r"><workbookPr date1904="0"/><sheets><sheet name="S" r:id="s"/></sheets></workbook>)"},
        {"xl/_rels/workbook.xml.rels", R"(<Relationships><Relationship Id="s" Type="x/worksheet" Target="worksheets/sheet1.xml"/>)"
                                       R"(<Relationship Id="t" Type="x/sharedStrings" Target="sharedStrings.xml"/>)"
                                       R"(<Relationship Id="u" Type="x/styles" Target="styles.xml"/></Relationships>)"},
        {"xl/worksheets/sheet1.xml", "<worksheet " + ns + "><sheetData>" + p[0] + "</sheetData></worksheet>"},
        {"xl/sharedStrings.xml", "<sst " + ns + ">" + p[1] + "</sst>"},
        {"xl/styles.xml", "<styleSheet " + ns + ">" + p[2] + "</styleSheet>"},
    });
}

struct Outcome {
    std::vector<GridRow> rows;
    std::optional<Status> failed;
};

Outcome read_all(const std::string& bytes, std::size_t chunk) {
    Outcome out;
    XlsxLimits limits;
    limits.chunk_bytes = chunk;
    limits.max_shared_strings_bytes = std::uint64_t{64} << 20; // the fuzzer's memory, not a department's
    try {
        auto book = open_xlsx_bytes(bytes, "fuzz.xlsx", limits);
        FUZZ_REQUIRE(!book->sheets().empty());
        for (std::size_t s = 0; s < book->sheets().size(); ++s) {
            if (!book->sheets()[s].worksheet) continue;
            (void)book->has_data(s);
            auto reader = book->open_sheet(s);
            GridRow row;
            std::size_t last = 0;
            while (reader->next(row)) {
                FUZZ_REQUIRE(row.number > last);
                last = row.number;
                FUZZ_REQUIRE(!row.cells.empty() || row.error);
                FUZZ_REQUIRE(row.cells.empty() || !row.cells.back().empty());
                out.rows.push_back(row);
            }
        }
    } catch (const Error& e) {
        out.failed = e.status();
    }
    return out;
}

bool same(const std::vector<GridRow>& a, const std::vector<GridRow>& b, bool prefix) {
    if (!prefix && a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        if (a[i].number != b[i].number || a[i].cells != b[i].cells || a[i].error != b[i].error) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string bytes = (data[0] & 1) ? workbook_from_parts(rest) : std::string(rest);
    const std::size_t chunk = 1 + (data[0] >> 1); // 1 to 128 bytes
    const Outcome whole = read_all(bytes, std::size_t{1} << 20);
    const Outcome chunked = read_all(bytes, chunk);
    FUZZ_REQUIRE(whole.failed == chunked.failed);
    FUZZ_REQUIRE(same(whole.rows, chunked.rows, whole.failed.has_value()));
    return 0;
}
