// credcheck routes | dispatch | inbox | feedback — initiation → dispatch → feedback (seed items 16, 17).
#include <algorithm>
#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "credcheck/display.hpp"
#include "credcheck/citizen_id.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/json.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

namespace {

const std::vector<std::string> kTableOrJson = {"table", "json"};
constexpr FeedbackOutcome kOutcomes[] = {FeedbackOutcome::applied, FeedbackOutcome::not_applied, FeedbackOutcome::not_applicable};

std::string subject_text(const std::string& name, const std::string& code) {
    return fmt::format("{} {}", display_text(name), mask_personal_id(code));
}

void print_notices(const std::vector<Notice>& notices, const std::string& department, bool all) {
    std::size_t pending = 0;
    for (const auto& n : notices) {
        pending += !n.feedback;
        std::cout << fmt::format("#{:<5} {:<5} {:<8} {}  {}  {}\n", n.id, to_string(n.kind), to_string(n.cause), n.created_on.iso(),
                                 n.measure_code, n.feedback ? fmt::format("answered: {}", to_string(*n.feedback)) : "pending");
        std::cout << fmt::format("       {} on {}: {}\n", n.list_code, n.entered_on.iso(), subject_text(n.subject_name, n.subject_code));
        std::cout << fmt::format("       by {} {}, expires {}, list entry #{}\n", display_text(n.initiating_department), display_text(n.document_no),
                                 iso_or_dash(n.expires_on), n.entry_id);
    }
    std::cout << fmt::format("{}: {} notices{}, {} pending feedback\n", department, notices.size(), all ? "" : " awaiting an answer", pending);
}

void add_routes_load_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, file, as_of;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("load", "Route measures to departments from a CSV file with the header "
                                                   "measure,department[,department_uscc].\n"
                                                   "Each measure named gets exactly the departments listed; newly routed departments "
                                                   "are told about the entries in force");
    add_db(cmd, o->db);
    cmd->add_option("file", o->file, "The routes file (CSV, UTF-8)")->required();
    cmd->add_option("--as-of", o->as_of, "Notify entries in force on this day (default: today)");
    cmd->callback([o, &context] {
        const auto routes = read_routes_file(o->file);
        const Date as_of = date_or_today(o->as_of, "--as-of");
        Database db = open_writable(context, o->db);
        const auto created = set_measure_routes(db, routes, as_of);
        std::cout << fmt::format("loaded {} routes from {}\n", routes.size(), o->file);
        for (const auto& name : created) std::cout << fmt::format("created department {}\n", name);
        context.exit_code = kExitOk;
    });
}

void add_routes_show_command(CLI::App& parent, Context& context) {
    auto db = std::make_shared<std::string>();
    CLI::App* cmd = parent.add_subcommand("show", "The routes: measure and implementing department");
    add_db(cmd, *db);
    cmd->callback([db, &context] {
        const auto routes = measure_routes(open_read_only(context, *db));
        for (const auto& r : routes)
            std::cout << fmt::format("{:<28} {}{}\n", r.measure_code, display_text(r.department), r.department_uscc ? " " + *r.department_uscc : "");
        std::cout << fmt::format("{} routes\n", routes.size());
        context.exit_code = kExitOk;
    });
}

void add_dispatch_command(CLI::App& app, Context& context) {
    struct Options {
        std::string db, as_of, department, format = "table";
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("dispatch", "Send the notices the list entries call for: apply for entries in force, lift for "
                                                   "entries that ended or expired.\n`dispatch status` shows an initiating department's entries");
    cmd->add_option("db", o->db, "Database file");
    cmd->add_option("--as-of", o->as_of, "Dispatch as of this day; entries expired by then are lifted (default: today)");
    auto so = std::make_shared<Options>();
    CLI::App* status = cmd->add_subcommand("status", "Where the department's list entries stand: notices sent, answered, applied, lifted");
    add_db(status, so->db);
    status->add_option("--department", so->department, "The initiating department (name or code)")->required();
    status->add_option("--format", so->format, "table (default) or json")->check(CLI::IsMember(kTableOrJson));
    status->callback([so, &context] {
        const auto entries = dispatch_status(open_read_only(context, so->db), so->department);
        if (so->format == "json") {
            std::cout << serialize::dispatch_status_json(entries).dump(2) << '\n';
        } else {
            std::int64_t notices = 0, answered = 0;
            for (const auto& e : entries) {
                notices += e.notices;
                answered += e.answered;
                std::cout << fmt::format("#{:<5} {:<8} {} {}  {}\n", e.entry_id, to_string(e.status), e.list_code, display_text(e.document_no),
                                         subject_text(e.subject_name, e.subject_code));
                std::cout << fmt::format("       {} notices, {} answered ({} applied, {} not applied, {} not applicable), {} lift notices\n",
                                         e.notices, e.answered, e.applied, e.not_applied, e.not_applicable, e.lifts);
            }
            std::cout << fmt::format("{}: {} list entries, {} apply notices, {} answered\n", so->department, entries.size(), notices, answered);
        }
        context.exit_code = kExitOk;
    });
    cmd->callback([o, status, &context] {
        if (status->parsed()) return;
        if (o->db.empty()) throw CLI::RequiredError("db");
        const Date as_of = date_or_today(o->as_of, "--as-of");
        Database db = open_writable(context, o->db);
        const DispatchCounts counts = dispatch_notices(db, as_of);
        std::cout << fmt::format("dispatched as of {}: {} apply notices, {} lift notices\n", as_of.iso(), counts.apply, counts.lift);
        context.exit_code = kExitOk;
    });
}

void add_inbox_command(CLI::App& app, Context& context) {
    struct Options {
        std::string db, department, as_of, format = "table";
        bool all = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("inbox", "A department's notices, the last sent first (pending ones unless --all).\n"
                                                "Dispatches first, so entries expired by --as-of arrive as lift notices");
    add_db(cmd, o->db);
    cmd->add_option("--department", o->department, "The implementing department (name or code)")->required();
    cmd->add_flag("--all", o->all, "Also the notices already answered");
    cmd->add_option("--as-of", o->as_of, "Dispatch as of this day (default: today)");
    cmd->add_option("--format", o->format, "table (default) or json")->check(CLI::IsMember(kTableOrJson));
    cmd->callback([o, &context] {
        const Date as_of = date_or_today(o->as_of, "--as-of");
        Database db = open_writable(context, o->db);
        dispatch_notices(db, as_of);
        const auto notices = inbox(db, o->department, o->all);
        if (o->format == "json") std::cout << serialize::notices_json(notices).dump(2) << '\n';
        else print_notices(notices, o->department, o->all);
        context.exit_code = kExitOk;
    });
}

void add_feedback_command(CLI::App& app, Context& context) {
    struct Options {
        std::string db, decision, measure, department, outcome, reason, officer, case_ref, on;
        std::optional<NoticeId> notice;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("feedback", "Answer a notice, or a check decision acted on: applied, not applied (say why), "
                                                   "or not applicable");
    add_db(cmd, o->db);
    auto* about = cmd->add_option_group("about", "What the feedback answers");
    about->add_option("--notice", o->notice, "The notice's id (credcheck inbox)");
    CLI::Option* decision = about->add_option("--decision", o->decision, "A check decision's receipt id");
    about->require_option(1);
    cmd->add_option("--measure", o->measure, "The measure the decision's feedback concerns")->needs(decision);
    cmd->add_option("--department", o->department, "Who answers: the department the notice went to")->required();
    cmd->add_option("--outcome", o->outcome, "applied, not_applied or not_applicable")->required()->check(CLI::IsMember(enum_names(kOutcomes)));
    cmd->add_option("--reason", o->reason, "Why (required for not_applied)");
    cmd->add_option("--officer", o->officer, "The officer answering")->required();
    cmd->add_option("--case", o->case_ref, "The department's case or file number")->required();
    cmd->add_option("--on", o->on, "The day it was decided (default: today)");
    cmd->callback([o, &context] {
        Feedback f;
        f.notice_id = o->notice;
        f.decision_id = o->decision;
        f.measure_code = o->measure;
        f.department = o->department;
        f.outcome = enum_named(o->outcome, kOutcomes);
        f.reason = o->reason;
        f.officer = o->officer;
        f.case_ref = o->case_ref;
        f.decided_on = date_or_today(o->on, "--on");
        Database db = open_writable(context, o->db);
        const std::int64_t id = record_feedback(db, f);
        std::cout << fmt::format("feedback #{} recorded: {} {} by {} ({}, {})\n", id,
                                 o->notice ? fmt::format("notice #{}", *o->notice) : "decision " + o->decision, to_string(f.outcome),
                                 o->department, o->officer, f.decided_on.iso());
        context.exit_code = kExitOk;
    });
}

} // namespace

void add_dispatch_commands(CLI::App& app, Context& context) {
    CLI::App* group = app.add_subcommand("routes", "Which departments implement which measures (the routes notices follow)");
    group->require_subcommand(1);
    add_routes_load_command(*group, context);
    add_routes_show_command(*group, context);
    add_dispatch_command(app, context);
    add_inbox_command(app, context);
    add_feedback_command(app, context);
}

} // namespace credcheck::cli
