// fuzz_xls — the XLS reader: the compound-file and BIFF checks, then FreeXL on what they let through.
// The first byte chooses how the rest is used:
//   even: the rest is a whole file;
//   odd:  the rest is a workbook stream (BIFF records), put in a compound file here, so that the mutations
//         reach the records: dimensions, formats, dates, strings, formulas.
// Properties: a file is refused with an Error or read; every row has a cell or an error, in order.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "credcheck/error.hpp"
#include "fuzz_support.hpp"
#include "import/compound_file.hpp"
#include "import/xls_reader.hpp"

using namespace credcheck;
using namespace credcheck::import;

namespace {

void put16(std::string& s, std::size_t at, std::uint32_t v) {
    s[at] = static_cast<char>(v & 0xFF);
    s[at + 1] = static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
    put16(s, at, v & 0xFFFF);
    put16(s, at + 2, v >> 16);
}

/// A version-3 compound file holding one stream named "Workbook" in regular sectors.
std::string compound_file(std::string stream) {
    constexpr std::size_t kSector = 512;
    if (stream.size() < 4096) stream.resize(4096, '\0');
    stream.resize((stream.size() + kSector - 1) / kSector * kSector, '\0');
    const std::size_t sectors = stream.size() / kSector;
    const std::size_t fat_sectors = (sectors + 2 + kSector / 4 - 1) / (kSector / 4 - 1) + 1;
    std::vector<std::uint32_t> fat(fat_sectors * kSector / 4, 0xFFFFFFFF);
    for (std::size_t i = 0; i < fat_sectors; ++i) fat[i] = 0xFFFFFFFD;
    const std::uint32_t directory = static_cast<std::uint32_t>(fat_sectors);
    fat[directory] = 0xFFFFFFFE;
    const std::uint32_t first = directory + 1;
    for (std::size_t i = 0; i < sectors; ++i) fat[first + i] = i + 1 == sectors ? 0xFFFFFFFE : static_cast<std::uint32_t>(first + i + 1);
    std::string header(kSector, '\0');
    std::memcpy(header.data(), kCompoundFileSignature.data(), 8);
    put16(header, 24, 0x3E);
    put16(header, 26, 3);
    put16(header, 28, 0xFFFE);
    put16(header, 30, 9);
    put16(header, 32, 6);
    put32(header, 44, static_cast<std::uint32_t>(fat_sectors));
    put32(header, 48, directory);
    put32(header, 56, 4096);
    put32(header, 60, 0xFFFFFFFE);
    put32(header, 68, 0xFFFFFFFE);
    for (std::size_t i = 0; i < 109; ++i) put32(header, 76 + 4 * i, i < fat_sectors ? static_cast<std::uint32_t>(i) : 0xFFFFFFFF);
    std::string out = header;
    for (std::size_t i = 0; i < fat.size(); ++i) {
        std::string word(4, '\0');
        put32(word, 0, fat[i]);
        out += word;
    }
    std::string dir(kSector, '\0');
    const auto entry = [&](std::size_t index, const char* name, int type, std::uint32_t start, std::uint32_t size, std::uint32_t child) {
        const std::size_t at = index * 128;
        const std::size_t n = std::strlen(name);
        for (std::size_t i = 0; i < n; ++i) put16(dir, at + 2 * i, static_cast<unsigned char>(name[i]));
        put16(dir, at + 64, static_cast<std::uint32_t>(2 * n + 2));
        dir[at + 66] = static_cast<char>(type);
        dir[at + 67] = 1; // black
        put32(dir, at + 68, 0xFFFFFFFF);
        put32(dir, at + 72, 0xFFFFFFFF);
        put32(dir, at + 76, child);
        put32(dir, at + 116, start);
        put32(dir, at + 120, size);
    };
    entry(0, "Root Entry", 5, 0xFFFFFFFE, 0, 1);
    entry(1, "Workbook", 2, first, static_cast<std::uint32_t>(stream.size()), 0xFFFFFFFF);
    return out + dir + stream;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string bytes = (data[0] & 1) ? compound_file(rest) : rest;
    // A dimension record may make FreeXL allocate and credcheck walk as many cells as the limit allows:
    // bounded, but slow at the default (256 MiB). The fuzzer looks for crashes, not for that bound.
    XlsLimits limits;
    limits.max_cell_bytes = std::uint64_t{4} << 20;
    try {
        auto book = open_xls_bytes(bytes, "fuzz.xls", limits);
        FUZZ_REQUIRE(!book->sheets().empty());
        for (std::size_t s = 0; s < book->sheets().size(); ++s) {
            auto reader = book->open_sheet(s);
            GridRow row;
            std::size_t last = 0;
            while (reader->next(row)) {
                FUZZ_REQUIRE(row.number > last);
                last = row.number;
                FUZZ_REQUIRE(!row.cells.empty() || row.error);
            }
        }
    } catch (const Error&) {
        // refused, with a reason: what a hostile file should get
    }
    return 0;
}
