#include <chrono>
#include <fmt/format.h>
#include <fstream>

#include "credcheck/import.hpp"
#include "import/columns.hpp"
#include "import/csv_writer.hpp"
#include "import/handlers.hpp"
#include "import/table_reader.hpp"
#include "store/database_impl.hpp"
#include "store/notices.hpp"
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
    for (const auto& c : import::columns_for(kind)) out.push_back(c.canonical);
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
    void write(const import::SourceRow& row, const std::vector<RowProblem>& problems) {
        std::vector<std::string> fields = row.fields;
        fields.resize(header_.size() - 1);
        std::string reasons;
        for (const auto& p : problems) {
            if (!reasons.empty()) reasons += "; ";
            reasons += p.column.empty() ? p.reason : fmt::format("{}: {}", p.column, p.reason);
        }
        fields.push_back(fmt::format("line {}: {}", row.line, reasons));
        if (format_ == FileFormat::csv) import::write_csv_row(out_, fields);
        else import::write_jsonl_row(out_, header_, fields);
    }

private:
    std::ofstream out_;
    FileFormat format_;
    std::vector<std::string> header_;
};

/// Settings for one bulk write, restored afterwards: a 256 MiB page cache (index pages touched all
/// over the file stay in memory instead of going to the WAL and back), and no foreign-key
/// enforcement — every id the importer writes it has just read or created in the same transaction,
/// and the enforcement cost five extra index seeks per row. Tests run PRAGMA foreign_key_check.
class BulkWriteSettings {
public:
    explicit BulkWriteSettings(sql::Connection& c) : c_(c) {
        try {
            c_.exec("PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF");
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

import::FileFormat reader_format(FileFormat f) { return f == FileFormat::csv ? import::FileFormat::csv : import::FileFormat::jsonl; }

} // namespace

ImportReport import_file(Database& db, const std::filesystem::path& file, const ImportOptions& options) {
    const FileFormat format = options.format.value_or(
        import::format_from_extension(file) == import::FileFormat::jsonl ? FileFormat::jsonl : FileFormat::csv);
    auto reader = import::TableReader::open(
        file, reader_format(format), options.encoding == TextEncoding::utf8 ? import::Encoding::utf8 : import::Encoding::gb18030);
    const std::string file_name = file.filename().string();
    const import::ColumnMap columns(options.kind, reader->header(), file_name);
    IdentifyOptions identify_options;
    identify_options.born_not_after = options.today;
    auto handler = import::make_handler(options.kind, columns, identify_options);
    std::optional<RejectsFile> rejects;
    if (options.rejects) rejects.emplace(*options.rejects, format, reader->header());

    return db.impl().write([&](sql::Connection& c) {
        const BulkWriteSettings bulk(c);
        sql::Transaction tx(c);
        store::Writer writer(c, store::ChangeContext{options.actor, fmt::format("import {} {}", to_string(options.kind), file_name), 0});
        ImportReport report;
        import::HandlerCounters counters;
        import::SourceRow row;
        import::RowProblems problems;
        const auto progress = [&] {
            if (options.on_progress) options.on_progress(ImportProgress{report.rows, reader->bytes_read(), reader->total_bytes()});
        };

        while (reader->next(row)) {
            ++report.rows;
            problems.clear();
            problems.set_line(row.line);
            writer.context().line = row.line;
            if (row.error) {
                problems.add("", "", *row.error);
            } else {
                // Handlers check before they write, so a rejected row has written nothing; verify that.
                const int changes_before = sqlite3_total_changes(c.handle());
                const auto outcome = handler->apply(import::RowView(columns, row.fields, problems), writer, counters);
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
            if (!problems.empty()) {
                ++report.rejected;
                for (const auto& p : problems.items()) {
                    if (report.problems.size() < kMaxProblems) report.problems.push_back(p);
                    else ++report.problems_omitted;
                }
                if (rejects) rejects->write(row, problems.items());
            }
            if (report.rows % kProgressEvery == 0) progress();
        }
        progress();
        report.subjects_created = counters.subjects_created;
        if (report.rejected > 0 && !options.partial) {
            const RowProblem& first = report.problems.front();
            std::string message = fmt::format("{}: {} of {} rows rejected; nothing was imported (first: line {}{}: {})", file_name,
                                              report.rejected, report.rows, first.line,
                                              first.column.empty() ? "" : ", column " + first.column, first.reason);
            throw ImportRejected(std::move(message), std::move(report));
        }
        if (report.inserted + report.updated + report.subjects_created > 0) {
            // New and ended entries reach the implementing departments in the same transaction.
            if (options.kind == ImportKind::lists) store::write_due_notices(c, options.today.value_or(Date::today()));
            writer.bump_data_version();
        }
        tx.commit();
        report.committed = true;
        return report;
    });
}

} // namespace credcheck
