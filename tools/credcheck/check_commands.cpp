// credcheck check | check-batch — the must-check from the command line.
#include <fmt/format.h>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "credcheck/check.hpp"
#include "decision_text.hpp"
#include "credcheck/json.hpp"
#include "credcheck/utc_time.hpp"

namespace credcheck::cli {

namespace {

struct CommonOptions {
    std::string db, scenario, as_of, purpose, max_age;
    bool json = false, unmask = false, require_log = false;
};

void add_common(CLI::App* cmd, CommonOptions& o) {
    cmd->add_option("db", o.db, "Database file")->required();
    cmd->add_option("--scenario", o.scenario, "Business scenario code (credcheck catalog show lists them)")->required();
    cmd->add_option("--as-of", o.as_of, "Check date, YYYY-MM-DD (default: today)");
    cmd->add_option("--purpose", o.purpose, "Why: case reference or procedure (who checks is the principal, --as)");
    cmd->add_flag("--json", o.json, "Print the decision as JSON");
    cmd->add_flag("--unmask", o.unmask, "Show citizen ID numbers in full");
    cmd->add_flag("--require-log", o.require_log, "Fail (exit 3) instead of answering when the check cannot be recorded in the check log");
    cmd->add_option("--max-age", o.max_age, "On a department replica: data the office published longer ago than this is stale (s, m, h, d)");
}

/// The database for checks: writable, so that the decisions are logged.
Database open_for_checks(Context& context, const CommonOptions& o) {
    OpenOptions options;
    options.principal = context.principal();
    options.require_log = o.require_log;
    if (!o.max_age.empty()) options.max_data_age = parse_duration(o.max_age, "--max-age");
    Database db = Database::open(o.db, options);
    if (o.unmask && !db.principal().sees_full_ids())
        throw Error(Status::permission_denied, db.principal().describe() + " may not see citizen ID numbers in full (--unmask)");
    return db;
}

/// Writes the check log now, so that what the tool prints says truly whether each decision was
/// logged; a decision that was not is flagged and warned about on standard error.
void settle_log(const Checker& checker, std::span<Decision> decisions) {
    try {
        checker.flush_log();
    } catch (const Error& e) {
        for (Decision& d : decisions) {
            d.logged = false;
            d.log_error = e.what();
        }
    }
    std::size_t unlogged = 0;
    for (const Decision& d : decisions) unlogged += !d.logged;
    if (unlogged > 0)
        std::cerr << fmt::format("credcheck: warning: {} of {} decisions were not recorded in the check log: {}\n", unlogged, decisions.size(),
                                 decisions.front().log_error.empty() ? std::string("unknown reason") : decisions.front().log_error);
}

CheckRequest request_of(const CommonOptions& o) {
    CheckRequest r;
    r.scenario = o.scenario;
    if (!o.as_of.empty()) r.as_of = Date::parse_or_throw(o.as_of, "--as-of");
    r.purpose = o.purpose;
    return r;
}

serialize::PersonalData personal(const CommonOptions& o) {
    return o.unmask ? serialize::PersonalData::full : serialize::PersonalData::masked;
}

} // namespace

void add_check_commands(CLI::App& app, Context& context) {
    {
        struct Options : CommonOptions {
            std::string subject;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand("check", "Check one subject in one scenario: verdict, measures and why, green channel, receipt.\n"
                                                    "Exit 0 for every completed decision (a hit is data), non-zero only for errors.");
        add_common(cmd, *o);
        cmd->add_option("--subject", o->subject, "Any code: USCC, citizen ID, organisation code, registration number")->required();
        cmd->callback([o, &context] {
            const Database db = open_for_checks(context, *o);
            CheckRequest r = request_of(*o);
            r.subject = o->subject;
            const Checker checker(db);
            Decision d = checker.check(r);
            settle_log(checker, std::span<Decision>(&d, 1));
            if (o->json) std::cout << serialize::decision_json(d, personal(*o)).dump(2) << '\n';
            else std::cout << decision_text(d, o->unmask);
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options : CommonOptions {
            std::string in, out;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand("check-batch", "Check many subjects in one scenario (批量比对), e.g. all bidders of a tender.\n"
                                                          "--in holds one code a line; blank lines and lines starting with # are skipped.");
        add_common(cmd, *o);
        cmd->add_option("--in", o->in, "File of codes")->required();
        cmd->add_option("--out", o->out, "Write the result here (default: standard output)");
        cmd->callback([o, &context] {
            std::ifstream in(o->in);
            if (!in) throw Error(Status::not_found, "cannot read " + o->in);
            std::vector<std::string> subjects;
            for (std::string line; std::getline(in, line);) {
                while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
                if (!line.empty() && line.front() != '#') subjects.push_back(line);
            }
            const Database db = open_for_checks(context, *o);
            const Checker checker(db);
            auto decisions = checker.check_batch(subjects, request_of(*o));
            settle_log(checker, decisions);
            std::ofstream file;
            if (!o->out.empty()) {
                file.open(o->out, std::ios::binary | std::ios::trunc);
                if (!file) throw Error(Status::io_error, "cannot write " + o->out);
            }
            std::ostream& out = o->out.empty() ? std::cout : file;
            if (o->json) {
                nlohmann::ordered_json array = nlohmann::ordered_json::array();
                for (const auto& d : decisions) array.push_back(serialize::decision_json(d, personal(*o)));
                out << array.dump(2) << '\n';
            } else {
                std::size_t hits = 0;
                for (const auto& d : decisions) {
                    out << decision_text(d, o->unmask) << '\n';
                    hits += d.verdict == Verdict::deny || d.verdict == Verdict::restrict || d.verdict == Verdict::review;
                }
                out << fmt::format("{} subjects checked in {}: {} need action (deny, restrict or review)\n", decisions.size(), o->scenario, hits);
            }
            context.exit_code = kExitOk;
        });
    }
}

} // namespace credcheck::cli
