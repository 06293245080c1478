#include "import/importer.hpp"

#include <chrono>
#include <fmt/format.h>
#include <fstream>

#include "import/columns.hpp"
#include "import/csv_writer.hpp"
#include "import/handlers.hpp"
#include "import/import_source.hpp"
#include "import/table_reader.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/open_file.hpp"
#include "store/row_images.hpp"
#include "store/writer.hpp"

namespace credcheck {

namespace {
constexpr std::array<std::string_view, 5> kKindNames = {"subjects", "relations", "lists", "licenses", "penalties"};
constexpr std::size_t kMaxProblems = 100'000;
constexpr std::uint64_t kProgressEvery = 4096;
} // namespace

std::string_view to_string(ImportKind kind) noexcept { return kKindNames[static_cast<std::size_t>(kind)]; }

std::optional<ImportKind> parse_import_kind(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == name) return static_cast<ImportKind>(i);
    return std::nullopt;
}

std::vector<std::string> canonical_columns(ImportKind kind) {
    std::vector<std::string> out;
    for (const auto& c : import::columns_for(kind))
        if (!c.import_only) out.push_back(c.canonical);
    return out;
}

namespace {

/// The bad rows, as they were, with the reason appended: fix them and import this file again.
class RejectsFile {
public:
    RejectsFile(const std::filesystem::path& path, FileFormat format, std::vector<std::string> header)
        : out_(path, std::ios::binary | std::ios::trunc), format_(format), header_(std::move(header)) {
        if (!out_) throw Error(Status::io_error, fmt::format("cannot write rejects file {}", path.string()));
        header_.emplace_back(import::kRejectReasonColumn);
        if (format_ == FileFormat::csv) import::write_csv_row(out_, header_);
    }
    void write(const import::SourceRow& row, const std::vector<RowProblem>& problems, const std::string& where) {
        std::vector<std::string> fields = row.fields;
        fields.resize(header_.size() - 1);
        std::string reasons;
        for (const auto& p : problems) {
            if (!reasons.empty()) reasons += "; ";
            reasons += p.column.empty() ? p.reason : fmt::format("{}: {}", p.column, p.reason);
        }
        fields.push_back(fmt::format("{}: {}", where, reasons));
        if (format_ == FileFormat::csv) import::write_csv_row(out_, fields);
        else import::write_jsonl_row(out_, header_, fields);
    }

private:
    std::ofstream out_;
    FileFormat format_;
    std::vector<std::string> header_;
};

/// Settings for one bulk write, restored afterwards: a 128 MiB page cache (index pages touched all
/// over the file stay in memory instead of going to the WAL and back; 256 MiB measured no faster
/// once the writer remembered codes itself), and no foreign-key
/// enforcement — every id the importer writes it has just read or created in the same transaction,
/// and the enforcement cost five extra index seeks per row. Tests run PRAGMA foreign_key_check.
class BulkWriteSettings {
public:
    explicit BulkWriteSettings(sql::Connection& c) : c_(c) {
        try {
            c_.exec("PRAGMA cache_size = -131072; PRAGMA foreign_keys = OFF");
        } catch (...) { // SQLite sets the flag while preparing the pragma: a later failure can leave it off
            restore();
            throw;
        }
    }
    ~BulkWriteSettings() { restore(); }
    BulkWriteSettings(const BulkWriteSettings&) = delete;
    BulkWriteSettings& operator=(const BulkWriteSettings&) = delete;

private:
    static constexpr const char* kRestore = "PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON";
    void restore() noexcept {
        if (c_.in_transaction()) { // its rollback failed: foreign_keys cannot change inside a transaction
            c_.defer_until_recovery(kRestore);
            return;
        }
        try {
            c_.exec(kRestore);
        } catch (...) { // SQLite could not run a pragma (out of memory): the next write on this connection does
            c_.defer_until_recovery(kRestore);
        }
    }
    sql::Connection& c_;
};

/// How many of the database's codes are worth reading into memory before importing a file of this
/// size, so that a code the memory does not hold costs no lookup. Reading a code in a scan is about
/// ten times cheaper than looking one up, and a row (at least about 64 bytes) asks for one to four
/// codes: a bound of bytes / 16 keeps the scan within the cost of the lookups it can save, and a
/// small file into a large database does not pay for reading all of it.
std::size_t codes_worth_loading(std::uint64_t file_bytes) { return static_cast<std::size_t>(file_bytes / 16); }

/// How many rows had codes normalised, by what normalisation changed.
class CodeChangeCounts {
public:
    void count(CodeChanges changes) {
        for (std::size_t i = 0; i < kBits.size(); ++i)
            if (has(changes, kBits[i])) ++counts_[i];
    }
    std::vector<std::pair<std::string, std::uint64_t>> named() const {
        std::vector<std::pair<std::string, std::uint64_t>> out;
        for (std::size_t i = 0; i < kBits.size(); ++i)
            if (counts_[i] > 0) out.emplace_back(describe_changes(kBits[i]), counts_[i]);
        return out;
    }

private:
    static constexpr std::array<CodeChanges, 6> kBits = {CodeChanges::spaces,     CodeChanges::hyphens,    CodeChanges::full_width,
                                                          CodeChanges::lower_case, CodeChanges::apostrophe, CodeChanges::quotes};
    std::array<std::uint64_t, 6> counts_{};
};

} // namespace

ImportReport import::import_table(Database& db, const std::filesystem::path& file, const ImportOptions& options,
                                  const BeforeCommit& before_commit) {
    // The credit office imports anything; an initiating department its subjects, and the records and
    // entries it found itself (every row's department is checked by the writer).
    const Principal& principal = db.principal();
    security::require(principal,
                      principal.role == AccessRole::credit_office || principal.role == AccessRole::initiating,
                      fmt::format("import {}", to_string(options.kind)));
    // Registry facts are the registry's: subjects and relations files come from the credit office or a
    // registration authority it designated; anyone else's rows may create a subject, never change one.
    import::HandlerPolicy policy;
    policy.registry_facts = security::may_write_registry_facts(db, *store::OpenFile(db).read());
    const bool registry_file = options.kind == ImportKind::subjects || options.kind == ImportKind::relations;
    security::require(principal, !registry_file || policy.registry_facts,
                      fmt::format("import {}: registry facts are written by the credit office or a registration authority it designates",
                                  to_string(options.kind)));
    import::PreparedFile prepared = import::prepare_file(file, options);
    auto& reader = prepared.table.reader;
    const credcheck::FileFormat format =
        prepared.table.source.format == import::SourceFormat::jsonl ? credcheck::FileFormat::jsonl : credcheck::FileFormat::csv;
    const std::string file_name = file.filename().string();
    const import::Profile* profile = prepared.profile ? &*prepared.profile : nullptr;
    const import::ColumnMap columns(options.kind, reader->header(), file_name, profile, options.dry_run);
    import::describe_columns(columns, reader->header(), options.kind, prepared.source);
    if (options.dry_run && !columns.problems().empty()) {
        // The file would be refused before its rows: show them as mapped so far, validate none.
        ImportReport report;
        report.dry_run = true;
        report.source = std::move(prepared.source);
        report.refusals = columns.problems();
        import::SourceRow row;
        while (report.preview.size() < options.preview_rows && reader->next(row)) report.preview.push_back(import::preview_of(columns, options.kind, row));
        return report;
    }
    IdentifyOptions identify_options;
    identify_options.born_not_after = options.today;
    policy.admit_failed_check_character = profile && profile->admit_failed_check_character;
    auto handler = import::make_handler(options.kind, columns, identify_options, policy);
    std::optional<RejectsFile> rejects;
    if (options.rejects && !options.dry_run) rejects.emplace(*options.rejects, format, reader->header());
    const import::DateSystem dates = prepared.table.source.dates;

    return store::OpenFile(db).write([&](sql::Connection& c) {
        const BulkWriteSettings bulk(c);
        sql::Transaction tx(c);
        store::AuditScope audit(c, principal, "import");
        store::Writer writer(c, store::ChangeContext{principal.describe(), fmt::format("import {} {}", to_string(options.kind), file_name), 0});
        if (principal.role == AccessRole::initiating) writer.restrict_departments_to(principal.department);
        writer.remember_all_codes(codes_worth_loading(reader->total_bytes()));
        ImportReport report;
        report.source = prepared.source;
        report.dry_run = options.dry_run;
        import::HandlerCounters counters;
        import::SourceRow row;
        import::RowProblems problems;
        CodeChangeCounts changed_codes;
        const auto progress = [&] {
            if (options.on_progress) options.on_progress(ImportProgress{report.rows, reader->bytes_read(), reader->total_bytes()});
        };

        while (reader->next(row)) {
            ++report.rows;
            if (options.dry_run && report.preview.size() < options.preview_rows) report.preview.push_back(import::preview_of(columns, options.kind, row));
            problems.clear();
            problems.set_line(row.line);
            writer.context().line = row.line;
            if (row.error) {
                problems.add("", "", *row.error);
            } else {
                // Handlers check before they write, so a rejected row has written nothing; verify that.
                const int changes_before = sqlite3_total_changes(c.handle());
                const auto outcome = handler->apply(import::RowView(columns, row.fields, problems, dates), writer, counters);
                if (!outcome || !problems.empty()) {
                    if (sqlite3_total_changes(c.handle()) != changes_before)
                        throw Error(Status::internal, fmt::format("{} line {}: a rejected row was partly written", file_name, row.line));
                    if (problems.empty()) problems.add("", "", "rejected");
                } else {
                    ++(*outcome == store::Outcome::inserted ? report.inserted
                       : *outcome == store::Outcome::updated ? report.updated
                                                               : report.unchanged);
                }
            }
            if (problems.empty()) {
                for (const auto& w : problems.warnings()) {
                    if (report.warnings.size() < kMaxProblems) report.warnings.push_back(w);
                    else ++report.warnings_omitted;
                }
                changed_codes.count(problems.changes());
            }
            if (!problems.empty()) {
                ++report.rejected;
                for (const auto& p : problems.items()) {
                    if (report.problems.size() < kMaxProblems) report.problems.push_back(p);
                    else ++report.problems_omitted;
                }
                if (rejects) rejects->write(row, problems.items(), report.where(row.line));
            }
            if (report.rows % kProgressEvery == 0) {
                progress();
                if (store::RowImageCapture* images = c.row_images()) images->spill_if_large(); // bounded memory
            }
        }
        progress();
        report.subjects_created = counters.subjects_created;
        report.normalized_codes = changed_codes.named();
        if (options.dry_run) return report; // the transaction rolls back: nothing is written
        if (report.rejected > 0 && !options.partial) {
            const RowProblem& first = report.problems.front();
            std::string message = fmt::format("{}: {} of {} rows rejected; nothing was imported (first: {}{}: {})", file_name,
                                              report.rejected, report.rows, report.where(first.line),
                                              first.column.empty() ? "" : ", column " + first.column, first.reason);
            // Nothing was written: the rows the handlers took are rolled back with the transaction.
            report.inserted = report.updated = report.unchanged = report.subjects_created = 0;
            throw ImportRejected(std::move(message), std::move(report));
        }
        writer.flush(); // the held-back codes, before anything else reads subject_codes
        if (report.inserted + report.updated + report.subjects_created > 0) {
            if (before_commit) before_commit(c);
            writer.bump_data_version();
        }
        audit.target = fmt::format("{} {}", to_string(options.kind), file_name);
        audit.details = {{"kind", to_string(options.kind)}, {"file", file.string()},     {"rows", report.rows},
                         {"inserted", report.inserted},     {"updated", report.updated}, {"unchanged", report.unchanged},
                         {"rejected", report.rejected},     {"subjects_created", report.subjects_created},
                         {"codes_admitted_as_issued", report.warnings.size() + report.warnings_omitted}};
        // How the file was read, so that the trail says which sheet and which titles the rows came from.
        audit.details["source"] = {{"format", report.source.format}, {"sheet", report.source.sheet},
                                   {"header_row", report.source.header_row}, {"profile", report.source.profile}};
        audit.append();
        tx.commit();
        report.committed = true;
        return report;
    });
}

} // namespace credcheck
