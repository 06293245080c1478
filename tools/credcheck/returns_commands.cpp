// credcheck outbox export | import, keys register, objection receive — what department replicas return
// to the credit office (credcheck/returns.hpp).
#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "credcheck/returns.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

void add_returns_commands(CLI::App& app, Context& context) {
    CLI::App* outbox = app.add_subcommand("outbox", "A department replica's signed return to the credit office: its checks, feedback and "
                                                    "objections received");
    outbox->require_subcommand(1);
    {
        struct Options {
            std::string replica, key, out;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = outbox->add_subcommand("export", "Write the checks, feedback and received objections since the last return, signed "
                                                         "with the department's key (act as the department: --as DEPT:implementing:OFFICER)");
        cmd->add_option("replica", o->replica, "The department's replica")->required();
        cmd->add_option("--key", o->key, "The department's SM2 private key (PEM)")->required();
        cmd->add_option("--out", o->out, "The return to write (never replaced)")->required();
        cmd->callback([o, &context] {
            OutboxOptions options;
            options.key = o->key;
            options.file = o->out;
            const OutboxInfo info = export_outbox(open_writable(context, o->replica), options);
            std::cout << fmt::format("return {} of {}: {} checks, {} feedback, {} objections received → {}\n", info.sequence, info.department,
                                     info.checks, info.feedback, info.objections, info.file.string());
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string db, file;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = outbox->add_subcommand("import", "Verify a department's return against its registered key and record it as the "
                                                         "department's acts (the same return again changes nothing)");
        add_db(cmd, o->db);
        cmd->add_option("file", o->file, "The return")->required();
        cmd->callback([o, &context] {
            const OutboxInfo info = import_outbox(open_writable(context, o->db), o->file);
            std::cout << fmt::format("{} return {} of {}: {} checks, {} feedback, {} objections received\n",
                                     info.imported ? "imported" : "already imported", info.sequence, info.department, info.checks, info.feedback,
                                     info.objections);
            for (const auto& note : info.notes) std::cout << "note: " << note << '\n';
            context.exit_code = kExitOk;
        });
    }
    if (CLI::App* keys = app.get_subcommand("keys")) {
        struct Options {
            std::string db, department, key;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = keys->add_subcommand("register", "Register the public key a department signs its returns with (the credit office)");
        add_db(cmd, o->db);
        cmd->add_option("--department", o->department, "The department (name or code)")->required();
        cmd->add_option("--public-key", o->key, "Its SM2 public key (PEM)")->required();
        cmd->callback([o, &context] {
            register_department_key(open_writable(context, o->db), o->department, o->key);
            std::cout << fmt::format("registered {} for {}\n", o->key, o->department);
            context.exit_code = kExitOk;
        });
    }
    if (CLI::App* objection = app.get_subcommand("objection")) {
        struct Options {
            std::string replica, by, reason, on;
            std::int64_t entry = 0, record = 0;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = objection->add_subcommand("receive", "On a department replica: record an objection lodged at the department's window; "
                                                             "its next return takes it to the office, which files it");
        cmd->add_option("replica", o->replica, "The department's replica")->required();
        auto* entry = cmd->add_option("--entry", o->entry, "The list entry objected to");
        auto* record = cmd->add_option("--record", o->record, "The record objected to");
        entry->excludes(record);
        cmd->add_option("--by", o->by, "Who lodges it")->required();
        cmd->add_option("--reason", o->reason, "Why")->required();
        cmd->add_option("--on", o->on, "When it was received, YYYY-MM-DD (default: today)");
        cmd->callback([o, entry, record, &context] {
            if (entry->count() + record->count() != 1) throw Error(Status::invalid_argument, "name the target: --entry ID or --record ID");
            ReceivedObjection r;
            r.target = entry->count() ? ObjectionTarget::entry : ObjectionTarget::record;
            r.target_id = entry->count() ? o->entry : o->record;
            r.received_on = date_or_today(o->on, "--on");
            r.filed_by = o->by;
            r.reason = o->reason;
            const std::int64_t id = receive_objection(open_writable(context, o->replica), r);
            std::cout << fmt::format("objection #{} received against {} {}: it goes to the office with the next return\n", id, to_string(r.target),
                                     r.target_id);
            context.exit_code = kExitOk;
        });
    }
}

} // namespace credcheck::cli
