// The reader that reads a sheet on a thread of its own: the same rows in the same order, errors where
// they happened, and nothing left running when it goes.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "credcheck/error.hpp"
#include "import/header_finder.hpp"
#include "import/open_table.hpp"
#include "import/read_ahead.hpp"
#include "test_support.hpp"
#include "xlsx_fixture.hpp"

using namespace credcheck;
using namespace credcheck::import;
using credcheck::test::error_of;

namespace {

/// Rows 1..count of one or two cells ("r<n>", and an error on every seventh); throws after `fail_after`
/// rows when set. Counts the rows it was asked for and whether it was destroyed.
class CountingReader final : public GridReader {
public:
    CountingReader(std::size_t count, std::optional<std::size_t> fail_after, std::atomic<std::size_t>& asked, std::atomic<bool>& destroyed)
        : count_(count), fail_after_(fail_after), asked_(asked), destroyed_(destroyed) {}
    ~CountingReader() override { destroyed_ = true; }

    bool next(GridRow& row) override {
        ++asked_;
        if (fail_after_ && produced_ == *fail_after_) throw Error(Status::invalid_argument, "t.xlsx: sheet 'S': malformed XML at line 9");
        if (produced_ == count_) return false;
        ++produced_;
        row.number = produced_;
        row.cells.assign(1 + produced_ % 2, "r" + std::to_string(produced_));
        row.error.reset();
        if (produced_ % 7 == 0) row.error = "column A: shared string 99 does not exist";
        return true;
    }
    RowUnit unit() const noexcept override { return RowUnit::row; }
    std::uint64_t bytes_read() const override { return produced_ * 10; }
    std::uint64_t total_bytes() const override { return count_ * 10; }

private:
    std::size_t count_, produced_ = 0;
    std::optional<std::size_t> fail_after_;
    std::atomic<std::size_t>& asked_;
    std::atomic<bool>& destroyed_;
};

struct Probe {
    std::atomic<std::size_t> asked{0};
    std::atomic<bool> destroyed{false};
};

std::vector<GridRow> read_all(GridReader& reader) {
    std::vector<GridRow> rows;
    GridRow row;
    while (reader.next(row)) rows.push_back(row);
    return rows;
}

} // namespace

TEST_CASE("a sheet read ahead on its own thread gives the same rows in the same order, each with its error") {
    const std::size_t count = 10'007; // not a multiple of any batch
    for (const ReadAheadLimits limits : {ReadAheadLimits{}, ReadAheadLimits{1, 1}, ReadAheadLimits{3, 2}}) {
        Probe p;
        auto reader = read_ahead(std::make_unique<CountingReader>(count, std::nullopt, p.asked, p.destroyed), limits);
        CHECK(reader->unit() == RowUnit::row);
        CHECK(reader->total_bytes() == count * 10);
        const auto rows = read_all(*reader);
        REQUIRE(rows.size() == count);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t n = i + 1;
            REQUIRE(rows[i].number == n);
            CHECK(rows[i].cells == std::vector<std::string>(1 + n % 2, "r" + std::to_string(n)));
            CHECK(rows[i].error.has_value() == (n % 7 == 0));
        }
        CHECK(reader->bytes_read() == count * 10);
        GridRow row;
        CHECK_FALSE(reader->next(row)); // and stays at its end
    }
}

TEST_CASE("an error thrown while the thread reads ahead comes out after the rows read before it, and again if asked") {
    Probe p;
    auto reader = read_ahead(std::make_unique<CountingReader>(1000, 600, p.asked, p.destroyed), ReadAheadLimits{256, 4});
    GridRow row;
    std::size_t rows = 0;
    std::string message;
    try {
        while (reader->next(row)) {
            ++rows;
            CHECK(row.number == rows);
        }
    } catch (const Error& e) {
        message = e.what();
        CHECK(e.status() == Status::invalid_argument);
    }
    CHECK(rows == 600);
    CHECK(message == "t.xlsx: sheet 'S': malformed XML at line 9");
    CHECK(error_of([&] { reader->next(row); }) == message);
}

TEST_CASE("a reader read ahead and dropped half way stops its thread and reads no further than a few batches") {
    Probe p;
    {
        auto reader = read_ahead(std::make_unique<CountingReader>(1'000'000, std::nullopt, p.asked, p.destroyed), ReadAheadLimits{100, 3});
        GridRow row;
        for (int i = 0; i < 10; ++i) REQUIRE(reader->next(row));
        // Give the thread time to fill what it may: it must wait there.
        for (int i = 0; i < 50 && p.asked < 500; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        CHECK(p.asked <= 100 * (3 + 2)); // the batch read out, those ready, the one being filled
        CHECK_FALSE(p.destroyed);
    }
    CHECK(p.destroyed);
    CHECK(p.asked < 1'000'000);
}

TEST_CASE("a reader read ahead that is never read starts no thread and reads nothing") {
    Probe p;
    { auto reader = read_ahead(std::make_unique<CountingReader>(10, std::nullopt, p.asked, p.destroyed)); }
    CHECK(p.asked == 0);
    CHECK(p.destroyed);
}

TEST_CASE("a workbook read on its own thread gives the rows read without one, a row error and the final error where they were") {
    // 3,000 rows of shared strings and numbers, one cell naming a shared string that does not exist, then
    // XML cut short: what the import sees must not depend on the thread.
    test::XlsxParts p;
    p.shared_strings = {"行政相对人名称", "处罚机关", "鄂州市某某有限公司", "鄂州市市场监督管理局"};
    std::string rows = R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)";
    for (int r = 2; r <= 3000; ++r) {
        const std::string n = std::to_string(r);
        const std::string name = r == 1500 ? "99" : "2";
        rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\" t=\"s\"><v>" + name + "</v></c><c r=\"B" + n + "\"><v>" + n + "</v></c></row>";
    }
    p.sheets = {{"Sheet1", rows + "<row r=\"3001\"><c r=\"A3001\" t=\"s\"><v>2</v>"}};
    const std::string bytes = test::make_xlsx(p);
    const auto read = [&](bool ahead) {
        TableOptions o;
        o.recognised = [](const std::string& key) { return key == title_key("行政相对人名称") || key == title_key("处罚机关"); };
        o.read_ahead = ahead;
        auto opened = open_table_bytes(bytes, "t.xlsx", o);
        std::vector<SourceRow> out;
        SourceRow row;
        std::string error;
        try {
            while (opened.reader->next(row)) out.push_back(row);
        } catch (const Error& e) {
            error = e.what();
        }
        return std::pair{out, error};
    };
    const auto [threaded, threaded_error] = read(true);
    const auto [plain, plain_error] = read(false);
    // The rows before the chunk in which the XML breaks off (the parser reads 64 KiB at a time).
    REQUIRE(threaded.size() > 1500);
    REQUIRE(plain.size() == threaded.size());
    for (std::size_t i = 0; i < plain.size(); ++i) {
        CHECK(threaded[i].line == plain[i].line);
        CHECK(threaded[i].fields == plain[i].fields);
        CHECK(threaded[i].error == plain[i].error);
    }
    CHECK(threaded[1498].error.has_value());
    CHECK_FALSE(threaded_error.empty());
    CHECK(threaded_error == plain_error);
}
