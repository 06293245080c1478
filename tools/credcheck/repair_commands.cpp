// credcheck commitment | repair — credit commitments (信用承诺) and credit repair (信用修复, seed item 19).
#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "credcheck/citizen_id.hpp"
#include "credcheck/repair.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

void add_repair_commands(CLI::App& app, Context& context) {
    {
        struct Options {
            std::string db, subject, department, document_no, on, content;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand("commitment", "Record a credit commitment (信用承诺书) a subject signed.\n"
                                                         "Recording the same department and reference again changes nothing");
        add_db(cmd, o->db);
        cmd->add_option("--subject", o->subject, "Any code of the subject")->required();
        cmd->add_option("--department", o->department, "The receiving department")->required();
        cmd->add_option("--document-no", o->document_no, "The commitment's reference")->required();
        cmd->add_option("--on", o->on, "The day it was signed (default: today)");
        cmd->add_option("--content", o->content, "What the subject commits to");
        cmd->callback([o, &context] {
            const Commitment c{o->subject, o->department, o->document_no, date_or_today(o->on, "--on"), o->content};
            Database db = open_writable(context, o->db);
            const RecordId id = record_commitment(db, c);
            std::cout << fmt::format("commitment record #{}: {} {} signed {} by {}\n", id, o->department, o->document_no, c.signed_on.iso(),
                                     mask_personal_id(o->subject));
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string db, by, evidence, on;
            std::optional<std::int64_t> entry, record;
            std::optional<RecordId> commitment;
            bool check = false;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = app.add_subcommand("repair", "Repair a penalty or list entry once every condition holds: active, minimum publicity "
                                                     "period passed, obligations fulfilled, commitment recorded.\n"
                                                     "--check lists the unmet conditions (exit 1 if any, 0 if it can be repaired)");
        add_db(cmd, o->db);
        auto* targets = cmd->add_option_group("target", "What is repaired");
        targets->add_option("--entry", o->entry, "A list entry's id");
        targets->add_option("--record", o->record, "A penalty record's id");
        targets->require_option(1);
        cmd->add_option("--by", o->by, "The department or officer deciding")->required();
        cmd->add_option("--evidence", o->evidence, "How the obligations were fulfilled (receipt number, inspection report, …); without it that condition is unmet");
        cmd->add_option("--commitment", o->commitment, "The commitment record's id (default: the subject's latest fitting commitment)");
        cmd->add_option("--on", o->on, "The day of the repair (default: today)");
        cmd->add_flag("--check", o->check, "Only say whether it can be repaired, and if not why");
        cmd->callback([o, &context] {
            RepairRequest r;
            r.target = o->entry ? ObjectionTarget::entry : ObjectionTarget::record;
            r.target_id = o->entry ? *o->entry : *o->record;
            r.repaired_on = date_or_today(o->on, "--on");
            r.decided_by = o->by;
            r.obligations_evidence = o->evidence;
            r.commitment = o->commitment;
            if (o->check) {
                const auto blockers = repair_blockers(open_read_only(context, o->db), r);
                for (const auto& b : blockers) std::cout << "unmet: " << b << '\n';
                std::cout << fmt::format("{} {} {} be repaired on {}\n", o->entry ? "list entry" : "record", r.target_id,
                                         blockers.empty() ? "can" : "cannot", r.repaired_on.iso());
                context.exit_code = blockers.empty() ? kExitOk : kExitNegative;
                return;
            }
            Database db = open_writable(context, o->db);
            const RepairResult result = repair(db, r);
            std::cout << fmt::format("repair #{}: {} {} repaired on {} (commitment record #{}); {} lift notices sent\n", result.repair_id,
                                     o->entry ? "list entry" : "record", r.target_id, r.repaired_on.iso(), result.commitment, result.notices.lift);
            context.exit_code = kExitOk;
        });
    }
}

} // namespace credcheck::cli
