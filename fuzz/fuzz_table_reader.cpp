// fuzz_table_reader — TableReader::from_string on CSV and JSON Lines, UTF-8 and GB18030, reading every
// row. The first byte chooses the format (bit 0), the encoding (bit 1) and a small chunk size (bits 2–7);
// the rest is the file. Properties: the documented header and row invariants, and the same rows (or the
// same failure) whatever the chunk size.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "credcheck/error.hpp"
#include "fuzz_support.hpp"
#include "import/table_reader.hpp"

using namespace credcheck;
using namespace credcheck::import;

namespace {

struct Outcome {
    std::optional<std::vector<std::string>> header; // nullopt: the file was refused when opened
    std::vector<SourceRow> rows;
    std::optional<Status> failed; // the error that stopped the reader (open or next)
};

Outcome read_all(const std::string& content, FileFormat format, Encoding encoding, std::size_t chunk) {
    Outcome out;
    const ReaderLimits limits{chunk, std::size_t{1} << 20};
    std::unique_ptr<TableReader> reader;
    try {
        reader = TableReader::from_string(content, format, encoding, "fuzz", limits);
    } catch (const Error& e) {
        out.failed = e.status();
        return out;
    }
    const auto& header = reader->header();
    FUZZ_REQUIRE(!header.empty());
    FUZZ_REQUIRE(std::set<std::string>(header.begin(), header.end()).size() == header.size());
    out.header = header;
    SourceRow row;
    std::size_t last_line = 0;
    try {
        while (reader->next(row)) {
            FUZZ_REQUIRE(row.line > last_line);
            last_line = row.line;
            if (!row.error) {
                FUZZ_REQUIRE(row.fields.size() == header.size());
            } else {
                FUZZ_REQUIRE(!row.error->empty());
            }
            FUZZ_REQUIRE(reader->bytes_read() <= reader->total_bytes() || reader->total_bytes() == 0);
            out.rows.push_back(row);
        }
    } catch (const Error& e) {
        out.failed = e.status();
    }
    return out;
}

bool same_row(const SourceRow& a, const SourceRow& b) { return a.line == b.line && a.fields == b.fields && a.error == b.error; }

// The rows read before a failure may depend on the chunk size (the decoder runs up to a chunk ahead),
// but those that were read must agree.
bool prefix_rows(const std::vector<SourceRow>& a, const std::vector<SourceRow>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        if (!same_row(a[i], b[i])) return false;
    return true;
}

bool same_rows(const std::vector<SourceRow>& a, const std::vector<SourceRow>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_row(a[i], b[i])) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const FileFormat format = (data[0] & 1) ? FileFormat::jsonl : FileFormat::csv;
    const Encoding encoding = (data[0] & 2) ? Encoding::gb18030 : Encoding::utf8;
    const std::size_t chunk = 1 + (data[0] >> 2); // 1 to 64 bytes
    const std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);

    const Outcome whole = read_all(content, format, encoding, content.size() + 1); // one chunk for all of it
    const Outcome chunked = read_all(content, format, encoding, chunk);
    // Chunking is an implementation detail: it must not change what is read.
    FUZZ_REQUIRE(whole.header == chunked.header);
    FUZZ_REQUIRE(whole.failed == chunked.failed);
    if (whole.failed) {
        FUZZ_REQUIRE(prefix_rows(whole.rows, chunked.rows));
    } else {
        FUZZ_REQUIRE(same_rows(whole.rows, chunked.rows));
    }
    return 0;
}
