// fuzz_open_table — any bytes as a file a department sent: the format sniffer, CSV with commas and tabs,
// GB18030 detection, HTML tables, Excel 2003 XML, the header finder and a sheet's choice, as the importer
// uses them (the penalty titles known). Properties: a file is refused with an Error or read; every row has
// the header's width, an error or not; rows come in order.
#include <cstddef>
#include <cstdint>
#include <string>

#include "credcheck/error.hpp"
#include "fuzz_support.hpp"
#include "import/columns.hpp"
#include "import/open_table.hpp"

using namespace credcheck;
using namespace credcheck::import;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    TableOptions options;
    options.recognised = [](const std::string& key) { return ColumnMap::recognises(ImportKind::penalties, nullptr, key); };
    options.limits = ReaderLimits{64, std::size_t{1} << 20};
    try {
        auto table = open_table_bytes(bytes, "fuzz.xls", options);
        const auto& header = table.reader->header();
        SourceRow row;
        std::size_t last = 0;
        while (table.reader->next(row)) {
            FUZZ_REQUIRE(row.fields.size() == header.size());
            FUZZ_REQUIRE(row.line > last);
            last = row.line;
        }
    } catch (const Error&) {
        // refused, with a reason
    }
    return 0;
}
