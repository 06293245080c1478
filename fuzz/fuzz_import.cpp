// fuzz_import — import_file() of arbitrary bytes into one database created at start-up (with a few
// subjects and list entries, so that rows can match, update and conflict).
//
// The first byte chooses the kind (value % 5: subjects, relations, lists, licenses, penalties), JSON
// Lines instead of CSV (bit 3), GB18030 instead of UTF-8 (bit 4) and partial import (bit 5); the rest
// is the file, written to this process's scratch directory. Properties: all or nothing — an import
// that throws (rejected rows, unreadable file) leaves the database's counts and data_version as they
// were; one that writes nothing leaves them too; the report's row counts add up.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/database.hpp"
#include "credcheck/error.hpp"
#include "credcheck/import.hpp"
#include "fuzz_support.hpp"

using namespace credcheck;

namespace {

const Date kToday = *Date::from_ymd(2026, 1, 15);

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) fuzz::property_failed("writing the input file", __FILE__, __LINE__);
}

ImportOptions options_for(ImportKind kind) {
    ImportOptions o;
    o.kind = kind;
    o.today = kToday;
    return o;
}

Database& database() {
    static Database* const db = [] {
        auto* d = new Database(init_database(fuzz::scratch_dir() / "import.db"));
        const auto seed = fuzz::scratch_dir() / "seed.csv";
        write_file(seed,
                   "code,name,kind,established_on,status,division,legacy_codes,legal_representative_id,legal_representative_name\n"
                   "91420704MA003B1T7L,鄂州市恒信建材有限公司,legal_person,2012-03-15,active,420704,,420703197005120018,王建国\n"
                   "420704197511030054,李明,natural_person,,active,,,,\n"
                   "91420703MA003B1W1M,鄂州市华容区老字号食品厂,legal_person,2015-04-20,active,420703,,,\n");
        import_file(*d, seed, options_for(ImportKind::subjects));
        write_file(seed,
                   "list,subject_code,subject_name,department,document_no,entered_on,expires_on\n"
                   "court.dishonest_debtor,91420704MA003B1T7L,鄂州市恒信建材有限公司,鄂州市中级人民法院,(2024)鄂07执恢12号,2024-06-18,\n"
                   "court.dishonest_debtor,420704197511030054,李明,鄂州市中级人民法院,(2025)鄂0704执88号,2025-08-20,\n");
        import_file(*d, seed, options_for(ImportKind::lists));
        return d;
    }();
    return *db;
}

bool same(const Database::Counts& a, const Database::Counts& b) {
    return a.subjects == b.subjects && a.relations == b.relations && a.departments == b.departments && a.records == b.records &&
           a.entries == b.entries;
}

void check_report(const ImportReport& r) {
    if (r.committed) {
        FUZZ_REQUIRE(r.rows == r.inserted + r.updated + r.unchanged + r.rejected);
    } else { // rejected all or nothing: what the rows did was rolled back, and the report says nothing of it
        FUZZ_REQUIRE(r.inserted == 0 && r.updated == 0 && r.unchanged == 0 && r.subjects_created == 0);
        FUZZ_REQUIRE(r.rejected > 0 && r.rejected <= r.rows);
    }
    FUZZ_REQUIRE((r.rejected == 0) == (r.problems.empty() && r.problems_omitted == 0));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)database();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    ImportOptions options = options_for(static_cast<ImportKind>((data[0] & 7) % 5));
    options.format = (data[0] & 8) ? FileFormat::jsonl : FileFormat::csv;
    options.encoding = (data[0] & 16) ? TextEncoding::gb18030 : TextEncoding::utf8;
    options.partial = (data[0] & 32) != 0;
    const auto file = fuzz::scratch_dir() / "input.txt";
    write_file(file, std::string(reinterpret_cast<const char*>(data) + 1, size - 1));

    Database& db = database();
    const auto counts_before = db.counts();
    const auto version_before = db.data_version();
    const auto unchanged = [&] { return same(db.counts(), counts_before) && db.data_version() == version_before; };
    try {
        const ImportReport report = import_file(db, file, options);
        FUZZ_REQUIRE(report.committed);
        check_report(report);
        if (!options.partial) {
            FUZZ_REQUIRE(report.rejected == 0);
        }
        if (report.inserted + report.updated + report.subjects_created == 0) {
            FUZZ_REQUIRE(unchanged());
        } else {
            FUZZ_REQUIRE(db.data_version() > version_before);
        }
    } catch (const ImportRejected& e) {
        FUZZ_REQUIRE(!options.partial);
        FUZZ_REQUIRE(!e.report().committed && e.report().rejected > 0);
        check_report(e.report());
        FUZZ_REQUIRE(unchanged());
    } catch (const Error& e) {
        // A file that cannot be read at all: nothing was written.
        FUZZ_REQUIRE(e.status() != Status::internal);
        FUZZ_REQUIRE(unchanged());
    }
    return 0;
}
