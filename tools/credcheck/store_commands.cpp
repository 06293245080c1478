// credcheck init | import | export — creating a database and moving department files in and out.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "commands.hpp"
#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/display.hpp"
#include "credcheck/import.hpp"
#include "credcheck/json.hpp"

namespace credcheck::cli {

namespace {

const std::vector<std::string> kKinds = {"subjects", "relations", "lists", "licenses", "penalties"};
const std::vector<std::string> kFormats = {"csv", "jsonl"};

ImportKind kind_named(const std::string& name) { return *parse_import_kind(name); } // checked by CLI::IsMember
FileFormat format_named(const std::string& name) { return name == "jsonl" ? FileFormat::jsonl : FileFormat::csv; }

/// A sheet's column letters: 0 → A, 26 → AA.
std::string import_column_letters(std::size_t index) {
    std::string out;
    for (++index; index > 0; index = (index - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (index - 1) % 26));
    return out;
}

/// "12,345 rows  45,678 rows/s  37%  ETA 12s" on one terminal line, at most twice a second.
class ProgressLine {
public:
    explicit ProgressLine(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}
    void update(const ImportProgress& p) {
        if (!enabled_) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(500)) return;
        last_ = now;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const double rate = seconds > 0 ? static_cast<double>(p.rows) / seconds : 0;
        std::string eta;
        if (p.total_bytes > 0 && p.bytes_read > 0) {
            const double fraction = static_cast<double>(p.bytes_read) / static_cast<double>(p.total_bytes);
            eta = fmt::format("  {:3.0f}%  ETA {:.0f}s", 100 * fraction, seconds / fraction - seconds);
        }
        std::fprintf(stderr, "\r%s rows  %.0f rows/s%s   ", fmt::format("{}", p.rows).c_str(), rate, eta.c_str());
        shown_ = true;
    }
    ~ProgressLine() {
        if (shown_) std::fprintf(stderr, "\n");
    }

private:
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_{};
};

void print_problems(const ImportReport& report, std::size_t limit) {
    std::size_t shown = 0;
    for (const auto& p : report.problems) {
        if (shown++ == limit) {
            std::cerr << fmt::format("… and {} more problems\n", report.problems.size() - limit + report.problems_omitted);
            break;
        }
        if (p.column.empty()) std::cerr << fmt::format("{}: {}\n", report.where(p.line), display_text(p.reason));
        else std::cerr << fmt::format("{}, column {}: '{}' {}\n", report.where(p.line), display_text(p.column), display_text(p.value), display_text(p.reason));
    }
}

/// The rows imported with a warning (a code admitted as issued), and what normalisation changed.
void print_notes(const ImportReport& report, std::size_t limit) {
    std::size_t shown = 0;
    for (const auto& w : report.warnings) {
        if (shown++ == limit) {
            std::cerr << fmt::format("… and {} more warnings\n", report.warnings.size() - limit + report.warnings_omitted);
            break;
        }
        std::cerr << fmt::format("warning: {}, column {}: '{}' {}\n", report.where(w.line), display_text(w.column), display_text(w.value), display_text(w.reason));
    }
    for (const auto& [change, rows] : report.normalized_codes)
        std::cout << fmt::format("normalised codes in {} row{}: {}\n", rows, rows == 1 ? "" : "s", change);
}

/// "XLSX (Office Open XML workbook), sheet 'Sheet1' (the only sheet), header on row 3" — how the file was read.
std::string source_line(const ImportSource& s) {
    std::string out = s.format;
    if (!s.encoding.empty()) out += fmt::format(", {} ({})", s.encoding, s.encoding_reason);
    if (!s.delimiters.empty() && s.delimiters != "comma") out += fmt::format(", {}-separated", s.delimiters);
    if (!s.sheet.empty()) out += fmt::format(", {} ({})", s.format == "HTML table" ? s.sheet : fmt::format("sheet '{}'", s.sheet), s.sheet_reason);
    out += fmt::format(", header on {} {}", s.rows_are_lines ? "line" : "row", s.header_row);
    if (!s.skipped_rows.empty()) out += fmt::format(" ({} row{} above it skipped)", s.skipped_rows.size(), s.skipped_rows.size() == 1 ? "" : "s");
    if (!s.profile.empty()) out += fmt::format(", profile {}", s.profile);
    return out;
}

void print_summary(const ImportReport& r, const std::string& file, bool committed) {
    if (!committed) {
        // An all-or-nothing import that was rejected wrote nothing: no row was inserted, whatever was processed.
        std::cout << fmt::format("{}: {} rows read, {} rejected — nothing was imported (all or nothing; --partial commits the good rows)\n", file,
                                 r.rows, r.rejected);
        return;
    }
    std::cout << fmt::format("{}: {} rows: {} inserted, {} updated, {} unchanged, {} rejected; {} subjects created\n", file, r.rows,
                             r.inserted, r.updated, r.unchanged, r.rejected, r.subjects_created);
}

/// The dry run's report in words: how the file is read, each column's use, the first rows, what would happen.
void print_dry_run(const ImportReport& r, const std::string& file) {
    const ImportSource& s = r.source;
    std::cout << fmt::format("{}: dry run — nothing is written\n", file);
    std::cout << fmt::format("format:   {}\n", s.format);
    if (!s.encoding.empty()) std::cout << fmt::format("encoding: {} ({})\n", s.encoding, s.encoding_reason);
    if (!s.delimiters.empty()) std::cout << fmt::format("fields:   {}-separated\n", s.delimiters);
    if (!s.sheet.empty()) {
        std::string sheets;
        for (const auto& name : s.sheets) sheets += (sheets.empty() ? "" : ", ") + display_text(name);
        std::cout << fmt::format("sheet:    {} ({}; the workbook has: {})\n", display_text(s.sheet), s.sheet_reason, sheets);
    }
    std::cout << fmt::format("header:   {} {}\n", s.rows_are_lines ? "line" : "row", s.header_row);
    for (const auto& [row, text] : s.skipped_rows) std::cout << fmt::format("  skipped {} {}: {}\n", s.rows_are_lines ? "line" : "row", row, display_text(text));
    if (!s.profile.empty()) std::cout << fmt::format("profile:  {}\n", display_text(s.profile));
    std::cout << "columns:\n";
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
        const auto& c = s.columns[i];
        const std::string use = c.use == "mapped" ? "-> " + c.column : c.use == "unknown" ? "unknown: refuses the file" : c.use;
        std::cout << fmt::format("  {:>3}  {}  {}\n", s.rows_are_lines ? std::to_string(i + 1) : import_column_letters(i), display_text(c.title), use);
    }
    for (const auto& [column, value] : s.constants) std::cout << fmt::format("  constant  {} = {}\n", column, display_text(value));
    for (const auto& refusal : r.refusals) std::cout << fmt::format("would be refused: {}\n", display_text(refusal));
    if (!r.preview.empty()) std::cout << "first rows as they would be imported:\n";
    for (const auto& row : r.preview) {
        std::string values;
        for (const auto& [column, value] : row.values) values += fmt::format("{}{}={}", values.empty() ? "" : ", ", column, display_text(value));
        std::cout << fmt::format("  {}: {}\n", r.where(row.line), values);
    }
    if (r.refusals.empty())
        std::cout << fmt::format("would import {} rows: {} inserted, {} updated, {} unchanged, {} rejected; {} subjects created\n", r.rows, r.inserted,
                                 r.updated, r.unchanged, r.rejected, r.subjects_created);
}

} // namespace

void add_store_commands(CLI::App& app, Context& context) {
    {
        auto path = std::make_shared<std::string>();
        auto audit_hash = std::make_shared<std::string>("sm3");
        CLI::App* cmd = app.add_subcommand("init", "Create a database with the current schema and the default measures catalog");
        cmd->add_option("db", *path, "Database file to create (must not exist)")->required();
        cmd->add_option("--audit-hash", *audit_hash, "The audit chain's hash: sm3 (default, GB/T 32905) or sha256")
            ->check(CLI::IsMember({"sm3", "sha256"}));
        cmd->callback([path, audit_hash, &context] {
            const auto algorithm = parse_digest_algorithm(*audit_hash);
            if (!algorithm) throw Error(Status::invalid_argument, fmt::format("--audit-hash '{}' is not sm3 or sha256", *audit_hash));
            const Database db = init_database(*path, InitOptions{*algorithm});
            const auto catalog = installed_catalog(db);
            std::cout << fmt::format("created {} (schema {}, catalog {})\n", *path, db.schema_version(), catalog.version);
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string db, file, rejects, encoding, kind, format, as_of, sheet, profile;
            std::vector<std::string> constants;
            std::size_t header_row = 0;
            bool partial = false, quiet = false, dry_run = false, json = false;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand(
            "import", "Import a department file: CSV or JSON Lines (UTF-8 or GB18030/GBK, detected), XLSX, XLS, Excel 2003 XML or an HTML\n"
                      "table saved as .xls, recognised by its bytes; canonical, 双公示 Chinese or CF_/XK_ column titles, or the file's own\n"
                      "mapped by --profile; the header found below title rows (or --header-row). All or nothing unless --partial.\n"
                      "Exit 0 when imported, 1 when rows were rejected, 3 on errors.");
        cmd->add_option("db", o->db, "Database file")->required();
        cmd->add_option("file", o->file, "The file to import")->required();
        cmd->add_option("--kind", o->kind, "What the file holds")->required()->check(CLI::IsMember(kKinds));
        cmd->add_option("--format", o->format, "A text file read as csv or jsonl (default: by its content)")->check(CLI::IsMember(kFormats));
        cmd->add_option("--encoding", o->encoding, "A text file's encoding: utf-8 or gb18030 (also gbk, gb2312); default: detected");
        cmd->add_option("--sheet", o->sheet, "A workbook's sheet: its name, or its number from 1 (needed when several have data)");
        cmd->add_option("--header-row", o->header_row, "The header's row (a sheet's row, a text file's line), instead of finding it")
            ->check(CLI::PositiveNumber);
        cmd->add_option("--profile", o->profile,
                        "The file's own titles and constant columns: a profile file, or a built-in one (tax_a_grade, court_dishonest, "
                        "shuanggongshi_penalties, shuanggongshi_licenses)");
        cmd->add_option("--set", o->constants, "COLUMN=VALUE: a canonical column's value for every row (e.g. entered_on=2024-04-15)");
        cmd->add_flag("--dry-run", o->dry_run, "Show how the file is read (format, encoding, sheet, header, each column's use) and the first rows "
                                               "as they would be imported, validate every row, and write nothing");
        cmd->add_flag("--json", o->json, "With --dry-run: print the report as JSON");
        cmd->add_flag("--partial", o->partial, "Commit the good rows even if some are bad");
        cmd->add_option("--rejects", o->rejects, "Write the bad rows, with the reason, to this file (fix it and import it again)");
        cmd->add_flag("--quiet", o->quiet, "No progress line (the problems and the summary are always printed)");
        cmd->add_option("--as-of", o->as_of, "The import's date (default today): notices to implementing departments are dated with it, "
                                             "and no birth date in an ID number may be after it");
        cmd->callback([o, &context] {
            ImportOptions options;
            if (!o->as_of.empty()) options.today = Date::parse_or_throw(o->as_of, "--as-of");
            options.kind = kind_named(o->kind);
            if (!o->format.empty()) options.format = format_named(o->format);
            if (!o->encoding.empty()) {
                std::string enc = o->encoding;
                std::transform(enc.begin(), enc.end(), enc.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
                if (enc == "utf-8" || enc == "utf8") options.encoding = TextEncoding::utf8;
                else if (enc == "gb18030" || enc == "gbk" || enc == "gb2312") options.encoding = TextEncoding::gb18030;
                else throw CLI::ValidationError("--encoding", "'" + o->encoding + "' is not utf-8, gb18030, gbk or gb2312");
            }
            if (o->json && !o->dry_run) throw CLI::ValidationError("--json", "is for --dry-run; an import prints its summary");
            options.partial = o->partial;
            if (!o->rejects.empty()) options.rejects = std::filesystem::path(o->rejects);
            if (!o->sheet.empty()) options.sheet = o->sheet;
            if (o->header_row > 0) options.header_row = o->header_row;
            if (!o->profile.empty()) options.profile = o->profile;
            options.constants = o->constants;
            options.dry_run = o->dry_run;
            ProgressLine progress(!o->quiet && !o->dry_run);
            options.on_progress = [&progress](const ImportProgress& p) { progress.update(p); };
            Database db = open_writable(context, o->db);
            try {
                const ImportReport report = import_file(db, o->file, options);
                if (o->dry_run) {
                    if (o->json) std::cout << serialize::import_report_json(o->file, report).dump(2) << '\n';
                    else print_dry_run(report, o->file);
                    if (!o->json) {
                        print_problems(report, 50);
                        print_notes(report, 50);
                    }
                    context.exit_code = report.rejected || !report.refusals.empty() ? kExitNegative : kExitOk;
                    return;
                }
                std::cout << fmt::format("{}: read as {}\n", o->file, source_line(report.source));
                print_problems(report, 50);
                print_notes(report, 50);
                print_summary(report, o->file, true);
                context.exit_code = report.rejected ? kExitNegative : kExitOk;
            } catch (const ImportRejected& e) {
                // The bad-row report is printed whatever --quiet says: it is the answer, not progress.
                std::cout << fmt::format("{}: read as {}\n", o->file, source_line(e.report().source));
                print_problems(e.report(), 50);
                print_summary(e.report(), o->file, false);
                context.exit_code = kExitNegative;
            }
        });
    }
    {
        struct Options {
            std::string db, out, kind, format = "csv";
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand("export", "Write a kind of data in the canonical columns (importable again)");
        cmd->add_option("db", o->db, "Database file")->required();
        cmd->add_option("--kind", o->kind, "What to export")->required()->check(CLI::IsMember(kKinds));
        cmd->add_option("--format", o->format, "csv (default) or jsonl")->check(CLI::IsMember(kFormats));
        cmd->add_option("--out", o->out, "Output file (default: standard output)");
        cmd->callback([o, &context] {
            const Database db = open_read_only(context, o->db);
            ExportOptions options{kind_named(o->kind), format_named(o->format)};
            if (o->out.empty()) {
                export_table(db, options, std::cout);
            } else {
                std::ofstream out(o->out, std::ios::binary | std::ios::trunc);
                if (!out) throw Error(Status::io_error, "cannot write " + o->out);
                export_table(db, options, out);
            }
            context.exit_code = kExitOk;
        });
    }
}

} // namespace credcheck::cli
