// credcheck init | import | export — creating a database and moving department files in and out.
#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "commands.hpp"
#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/import.hpp"

namespace credcheck::cli {

namespace {

const std::vector<std::string> kKinds = {"subjects", "relations", "lists", "licenses", "penalties"};
const std::vector<std::string> kFormats = {"csv", "jsonl"};

ImportKind kind_named(const std::string& name) { return *parse_import_kind(name); } // checked by CLI::IsMember
FileFormat format_named(const std::string& name) { return name == "jsonl" ? FileFormat::jsonl : FileFormat::csv; }

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
        if (p.column.empty()) std::cerr << fmt::format("line {}: {}\n", p.line, p.reason);
        else std::cerr << fmt::format("line {}, column {}: '{}' {}\n", p.line, p.column, p.value, p.reason);
    }
}

void print_summary(const ImportReport& r, const std::string& file, bool committed) {
    std::cout << fmt::format("{}: {} rows: {} inserted, {} updated, {} unchanged, {} rejected; {} subjects created{}\n", file, r.rows,
                             r.inserted, r.updated, r.unchanged, r.rejected, r.subjects_created,
                             committed ? "" : " — nothing was imported");
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
            std::string db, file, rejects, encoding = "utf-8", kind, format, as_of;
            bool partial = false, quiet = false;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand(
            "import", "Import a department file (CSV or JSON Lines; canonical, 双公示 Chinese or CF_/XK_ column titles).\n"
                      "All or nothing unless --partial. Exit 0 when imported, 1 when rows were rejected, 3 on errors.");
        cmd->add_option("db", o->db, "Database file")->required();
        cmd->add_option("file", o->file, "The file to import")->required();
        cmd->add_option("--kind", o->kind, "What the file holds")->required()->check(CLI::IsMember(kKinds));
        cmd->add_option("--format", o->format, "csv or jsonl (default: from the extension)")->check(CLI::IsMember(kFormats));
        cmd->add_option("--encoding", o->encoding, "utf-8 (default; BOM optional) or gb18030 (also GBK)");
        cmd->add_flag("--partial", o->partial, "Commit the good rows even if some are bad");
        cmd->add_option("--rejects", o->rejects, "Write the bad rows, with the reason, to this file (fix it and import it again)");
        cmd->add_flag("--quiet", o->quiet, "No progress line and no problem list; only the summary");
        cmd->add_option("--as-of", o->as_of, "The import's date (default today): notices to implementing departments are dated with it, "
                                             "and no birth date in an ID number may be after it");
        cmd->callback([o, &context] {
            ImportOptions options;
            if (!o->as_of.empty()) options.today = Date::parse_or_throw(o->as_of, "--as-of");
            options.kind = kind_named(o->kind);
            if (!o->format.empty()) options.format = format_named(o->format);
            const std::string enc = o->encoding;
            if (enc == "utf-8" || enc == "utf8" || enc == "UTF-8") options.encoding = TextEncoding::utf8;
            else if (enc == "gb18030" || enc == "gbk" || enc == "GB18030" || enc == "GBK") options.encoding = TextEncoding::gb18030;
            else throw CLI::ValidationError("--encoding", "'" + enc + "' is not utf-8 or gb18030");
            options.partial = o->partial;
            if (!o->rejects.empty()) options.rejects = std::filesystem::path(o->rejects);
            ProgressLine progress(!o->quiet);
            options.on_progress = [&progress](const ImportProgress& p) { progress.update(p); };
            Database db = open_writable(context, o->db);
            try {
                const ImportReport report = import_file(db, o->file, options);
                if (!o->quiet) print_problems(report, 50);
                print_summary(report, o->file, true);
                context.exit_code = report.rejected ? kExitNegative : kExitOk;
            } catch (const ImportRejected& e) {
                if (!o->quiet) print_problems(e.report(), 50);
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
