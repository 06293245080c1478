// credcheck objection file | list | resolve | days — objections (异议申诉, seed item 19): measures are
// suspended while the source department verifies, within working days; the outcome is recorded.
#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "credcheck/display.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/json.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

namespace {

const std::vector<std::string> kTableOrJson = {"table", "json"};
constexpr ObjectionOutcome kOutcomes[] = {ObjectionOutcome::upheld, ObjectionOutcome::corrected, ObjectionOutcome::revoked};

std::string status_text(const Objection& o) { return o.outcome ? std::string(to_string(*o.outcome)) : "pending"; }

std::string deadline_text(const Objection& o) {
    return o.due_on ? o.due_on->iso() : "unknown (the working-day calendar does not cover it: credcheck calendar load)";
}

void add_objection_file_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, by, reason, on;
        std::optional<std::int64_t> entry, record;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("file", "File an objection: from its day the target's measures are suspended until the "
                                                      "source department resolves it");
    add_db(cmd, o->db);
    auto* targets = cmd->add_option_group("target", "What is objected to");
    targets->add_option("--entry", o->entry, "A list entry's id");
    targets->add_option("--record", o->record, "A record's id (licence, penalty, …)");
    targets->require_option(1);
    cmd->add_option("--by", o->by, "Who files it (the subject or its agent)")->required();
    cmd->add_option("--reason", o->reason, "Why")->required();
    cmd->add_option("--on", o->on, "The day it was filed (default: today)");
    cmd->callback([o, &context] {
        const ObjectionTarget target = o->entry ? ObjectionTarget::entry : ObjectionTarget::record;
        Database db = open_writable(context, o->db);
        const ObjectionId id = file_objection(db, target, o->entry ? *o->entry : *o->record, date_or_today(o->on, "--on"), o->by, o->reason);
        const Objection filed = find_objection(db, id).value();
        std::cout << fmt::format("objection #{} filed against {}\nverified by {}; deadline {}\n", id, filed.description, filed.department,
                                 deadline_text(filed));
        context.exit_code = kExitOk;
    });
}

void add_objection_list_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, as_of, department, format = "table";
        bool pending = false, overdue = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("list", "Objections, oldest first");
    add_db(cmd, o->db);
    cmd->add_flag("--pending", o->pending, "Only those not yet resolved");
    cmd->add_flag("--overdue", o->overdue, "Only pending ones whose verification deadline passed by --as-of");
    cmd->add_option("--as-of", o->as_of, "The day --overdue is judged on (default: today)");
    cmd->add_option("--department", o->department, "Only objections to this source department's records and entries");
    cmd->add_option("--format", o->format, "table (default) or json")->check(CLI::IsMember(kTableOrJson));
    cmd->callback([o, &context] {
        ObjectionQuery q;
        q.pending_only = o->pending;
        if (o->overdue) q.overdue_on = date_or_today(o->as_of, "--as-of");
        q.department = o->department;
        const auto objections = list_objections(open_read_only(context, o->db), q);
        if (o->format == "json") {
            std::cout << serialize::objections_json(objections).dump(2) << '\n';
        } else {
            for (const auto& x : objections) {
                std::cout << fmt::format("#{:<5} {:<9} filed {} by {}, due {}\n", x.id, status_text(x), x.filed_on.iso(),
                                         display_text(x.filed_by), iso_or_dash(x.due_on));
                std::cout << fmt::format("       {} {}: {}\n", to_string(x.target), x.target_id, display_text(x.description));
                std::cout << fmt::format("       verified by {}; reason: {}\n", display_text(x.department), display_text(x.reason));
                if (x.outcome)
                    std::cout << fmt::format("       resolved {} by {}: {}\n", iso_or_dash(x.resolved_on), display_text(x.resolved_by),
                                             display_text(x.resolution));
            }
            std::cout << fmt::format("{} objections{}\n", objections.size(),
                                     q.overdue_on ? " overdue on " + q.overdue_on->iso() : o->pending ? " pending" : "");
        }
        context.exit_code = kExitOk;
    });
}

void add_objection_resolve_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, outcome, by, resolution, on;
        ObjectionId id = 0;
        std::vector<std::string> set;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("resolve", "Record the outcome: upheld (measures resume), corrected (amend with --set),\n"
                                                         "revoked (the target is removed and its measures lifted)");
    add_db(cmd, o->db);
    cmd->add_option("id", o->id, "The objection's id")->required();
    cmd->add_option("--outcome", o->outcome, "upheld, corrected or revoked")->required()->check(CLI::IsMember(enum_names(kOutcomes)));
    cmd->add_option("--by", o->by, "Who decided (the source department)")->required();
    cmd->add_option("--resolution", o->resolution, "The decision and why")->required();
    cmd->add_option("--on", o->on, "The day it was decided (default: today)");
    cmd->add_option("--set", o->set,
                    "COLUMN=VALUE, for corrected (repeatable). Records: content, legal_basis, facts, severity, category, valid_from, "
                    "valid_to, publicity_until; entries: reason, legal_basis, entered_on, expires_on. An empty VALUE clears it");
    cmd->callback([o, &context] {
        std::vector<Correction> corrections;
        for (const auto& s : o->set) {
            const auto eq = s.find('=');
            if (eq == std::string::npos || eq == 0) throw CLI::ValidationError("--set", "'" + s + "' is not COLUMN=VALUE");
            corrections.push_back({s.substr(0, eq), s.substr(eq + 1)});
        }
        const ObjectionOutcome outcome = enum_named(o->outcome, kOutcomes);
        const Date on = date_or_today(o->on, "--on");
        Database db = open_writable(context, o->db);
        resolve_objection(db, o->id, outcome, on, o->by, o->resolution, corrections);
        const Objection resolved = find_objection(db, o->id).value();
        std::cout << fmt::format("objection #{} resolved on {}: {} ({})\n", o->id, on.iso(), to_string(outcome), resolved.description);
        if (outcome == ObjectionOutcome::corrected)
            for (const auto& c : corrections) std::cout << fmt::format("  corrected {} = {}\n", c.column, c.value.empty() ? "(cleared)" : c.value);
        if (outcome == ObjectionOutcome::revoked && resolved.target == ObjectionTarget::entry)
            std::cout << "  departments told to apply its measures get lift notices (credcheck inbox)\n";
        context.exit_code = kExitOk;
    });
}

void add_objection_days_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db;
        std::optional<int> days;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("days", "Show, or set, the working days a source department has to verify an objection");
    add_db(cmd, o->db);
    cmd->add_option("n", o->days, "Set it to N working days (applies to objections filed afterwards)");
    cmd->callback([o, &context] {
        if (o->days) {
            Database db = open_writable(context, o->db);
            set_objection_verification_days(db, *o->days);
            std::cout << fmt::format("objections filed from now on are verified within {} working days\n", objection_verification_days(db));
        } else {
            std::cout << fmt::format("objections are verified within {} working days\n", objection_verification_days(open_read_only(context, o->db)));
        }
        context.exit_code = kExitOk;
    });
}

} // namespace

void add_objection_commands(CLI::App& app, Context& context) {
    CLI::App* group = app.add_subcommand("objection", "File, list and resolve objections to records and list entries");
    group->require_subcommand(1);
    add_objection_file_command(*group, context);
    add_objection_list_command(*group, context);
    add_objection_resolve_command(*group, context);
    add_objection_days_command(*group, context);
}

} // namespace credcheck::cli
