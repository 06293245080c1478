// credcheck check | check-batch — the must-check from the command line.
#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "credcheck/batch_input.hpp"
#include "credcheck/check.hpp"
#include "credcheck/citizen_id.hpp"
#include "credcheck/display.hpp"
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
            std::string subject, name;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand("check", "Check one subject in one scenario: verdict, measures and why, green channel, receipt.\n"
                                                    "Exit 0 for every completed decision (a hit is data), non-zero only for errors.");
        add_common(cmd, *o);
        cmd->add_option("--subject", o->subject,
                        "Any code: USCC, citizen ID, organisation code, registration number, tax registration or taxpayer number")->required();
        cmd->add_option("--name", o->name, "The subject's name, for a masked code from a published list (9114082306****333G): the one subject "
                                           "of that name whose code fits the mask is checked, as a name match");
        cmd->callback([o, &context] {
            const Database db = open_for_checks(context, *o);
            CheckRequest r = request_of(*o);
            r.subject = o->subject;
            r.subject_name = o->name;
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
            std::string in, out, column, name_column, sheet;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand("check-batch", "Check many subjects in one scenario (批量比对), e.g. all bidders of a tender.\n"
                                                          "--in holds one code a line (blank lines, lines starting with # and a first line\n"
                                                          "titled 统一社会信用代码 or the like are skipped), or is a table (CSV, XLSX, XLS, …)\n"
                                                          "whose column of codes --column names. A code that cannot be checked is a result\n"
                                                          "of its own, with its row; exit 1 when there is one.");
        add_common(cmd, *o);
        cmd->add_option("--in", o->in, "File of codes: a plain list, or a table with a header")->required();
        cmd->add_option("--column", o->column, "The title of the table's column of codes");
        cmd->add_option("--name-column", o->name_column, "The title of the column of names, for masked codes matched by name");
        cmd->add_option("--sheet", o->sheet, "A workbook's sheet: its name, or its number from 1");
        cmd->add_option("--out", o->out, "Write the result here (default: standard output)");
        cmd->callback([o, &context] {
            if (o->column.empty() && (!o->name_column.empty() || !o->sheet.empty()))
                throw CLI::ValidationError("--column", "--name-column and --sheet read a table: name its column of codes with --column");
            const BatchInput input = read_batch_input(o->in, BatchInputOptions{o->column, o->name_column, o->sheet});
            const Database db = open_for_checks(context, *o);
            const Checker checker(db);
            auto outcomes = checker.check_each(input.items, request_of(*o));
            std::vector<Decision> decisions;
            for (auto& outcome : outcomes)
                if (outcome.decision) decisions.push_back(*outcome.decision);
            settle_log(checker, decisions);
            std::ofstream file;
            if (!o->out.empty()) {
                file.open(o->out, std::ios::binary | std::ios::trunc);
                if (!file) throw Error(Status::io_error, "cannot write " + o->out);
            }
            std::ostream& out = o->out.empty() ? std::cout : file;
            std::size_t next = 0, failed = 0, hits = 0;
            nlohmann::ordered_json array = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < outcomes.size(); ++i) {
                const auto& outcome = outcomes[i];
                const std::string where = input.where(outcome.row);
                if (!outcome.decision) {
                    ++failed;
                    const std::string shown = mask_personal_id(input.items[i].subject);
                    if (o->json) array.push_back({{"row", outcome.row}, {"input", shown}, {"error", outcome.error}});
                    else out << fmt::format("{}: '{}' cannot be checked: {}\n\n", where, display_text(shown), display_text(outcome.error));
                    continue;
                }
                const Decision& d = decisions[next++];
                if (o->json) {
                    auto j = serialize::decision_json(d, personal(*o));
                    j["row"] = outcome.row;
                    array.push_back(std::move(j));
                } else {
                    out << where << ": " << decision_text(d, o->unmask) << '\n';
                    hits += d.verdict == Verdict::deny || d.verdict == Verdict::restrict || d.verdict == Verdict::review;
                }
            }
            if (o->json) out << array.dump(2) << '\n';
            else
                out << fmt::format("{} subjects checked in {}: {} need action (deny, restrict or review){}\n", decisions.size(), o->scenario, hits,
                                   failed ? fmt::format("; {} could not be checked", failed) : "");
            context.exit_code = failed ? kExitNegative : kExitOk;
        });
    }
}

} // namespace credcheck::cli
