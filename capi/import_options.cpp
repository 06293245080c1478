// The C ABI of the import of files as departments send them (credcheck_import_run): options in, the
// report's counts and its JSON document out.
#define CREDCHECK_BUILDING 1
#include "credcheck.h"

#include <string>

#include "capi_internal.hpp"
#include "credcheck/import.hpp"
#include "enums.hpp"
#include "credcheck/json.hpp"

using credcheck::capi::fail;
using credcheck::capi::guarded;
using credcheck::capi::misuse;
using credcheck::capi::of;
using credcheck::capi::output_size;
using credcheck::capi::read_struct;
using credcheck::capi::write_struct;

namespace {

constexpr std::size_t kImportReportV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_import_report, committed);
constexpr std::size_t kImportOptionsV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_import_options, as_of);

credcheck::ImportOptions options_from(const char* kFunction, const credcheck_import_options& o) {
    constexpr unsigned kKnown = CREDCHECK_IMPORT_PARTIAL | CREDCHECK_IMPORT_GB18030 | CREDCHECK_IMPORT_UTF8 | CREDCHECK_IMPORT_DRY_RUN;
    if (o.flags & ~kKnown) throw misuse(kFunction, "unknown flags " + std::to_string(o.flags & ~kKnown));
    if ((o.flags & CREDCHECK_IMPORT_GB18030) && (o.flags & CREDCHECK_IMPORT_UTF8)) throw misuse(kFunction, "GB18030 and UTF8 exclude each other");
    if (o.constant_count > 0 && o.constants == nullptr) throw misuse(kFunction, "options->constants is NULL but constant_count is not 0");
    const auto kind = credcheck::capi::import_kind_from_c(o.kind);
    if (!kind)
        throw credcheck::Error(credcheck::Status::invalid_argument,
                               std::string(kFunction) + ": kind " + std::to_string(o.kind) + " is not a CREDCHECK_IMPORT_KIND_* number");
    credcheck::ImportOptions options;
    options.kind = *kind;
    options.partial = (o.flags & CREDCHECK_IMPORT_PARTIAL) != 0;
    options.dry_run = (o.flags & CREDCHECK_IMPORT_DRY_RUN) != 0;
    if (o.flags & CREDCHECK_IMPORT_GB18030) options.encoding = credcheck::TextEncoding::gb18030;
    if (o.flags & CREDCHECK_IMPORT_UTF8) options.encoding = credcheck::TextEncoding::utf8;
    if (o.sheet != nullptr) options.sheet = o.sheet;
    if (o.header_row > 0) options.header_row = o.header_row;
    if (o.profile != nullptr) options.profile = o.profile;
    for (std::size_t i = 0; i < o.constant_count; ++i) {
        if (o.constants[i] == nullptr) throw misuse(kFunction, "constant #" + std::to_string(i + 1) + " is NULL");
        options.constants.emplace_back(o.constants[i]);
    }
    if (o.rejects != nullptr) options.rejects = std::filesystem::path(o.rejects);
    if (o.as_of != nullptr) options.today = credcheck::Date::parse_or_throw(o.as_of, "as_of");
    return options;
}

/// An import's counts as the C ABI reports them, written within the caller's `size`.
void write_import_report(credcheck_import_report* out, std::size_t size, const credcheck::ImportReport& r) {
    credcheck_import_report report{};
    report.rows = r.rows;
    report.inserted = r.inserted;
    report.updated = r.updated;
    report.unchanged = r.unchanged;
    report.rejected = r.rejected;
    report.subjects_created = r.subjects_created;
    report.committed = r.committed ? 1 : 0;
    write_struct(out, size, report);
}

} // namespace

int credcheck::capi::run_import(const char* kFunction, credcheck_import_report* out, char** report_json, credcheck_db* db, const char* path,
                                const credcheck_import_options* options) {
    if (report_json != nullptr) *report_json = nullptr;
    return guarded(kFunction, [&]() -> int {
        const std::size_t size = out != nullptr ? output_size(out, kImportReportV1, kFunction, "CREDCHECK_IMPORT_REPORT_INIT") : 0;
        if (db == nullptr || path == nullptr) throw misuse(kFunction, "db and path must not be NULL");
        const auto o = read_struct(options, kImportOptionsV1, kFunction, "options", "CREDCHECK_IMPORT_OPTIONS_INIT");
        const credcheck::ImportOptions import_options = options_from(kFunction, o);
        const auto fill = [&](const credcheck::ImportReport& r) {
            if (out != nullptr) write_import_report(out, size, r);
            if (report_json != nullptr) {
                *report_json = credcheck::capi::malloc_copy(credcheck::serialize::import_report_json(path, r).dump());
                if (*report_json == nullptr) throw std::bad_alloc();
            }
        };
        try {
            fill(credcheck::import_file(of(db)->db, path, import_options));
        } catch (const credcheck::ImportRejected& e) {
            fill(e.report());
            throw;
        }
        return CREDCHECK_OK;
    });
}

extern "C" int credcheck_import_run(credcheck_import_report* out, char** report_json, credcheck_db* db, const char* path,
                                    const credcheck_import_options* options) {
    return credcheck::capi::run_import("credcheck_import_run", out, report_json, db, path, options);
}
