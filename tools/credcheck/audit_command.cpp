// credcheck audit verify | show | head — the tamper-evident audit trail (seed item 18), and its head
// signed by the credit office (audit_anchor.hpp).
#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "credcheck/display.hpp"
#include "credcheck/audit.hpp"
#include "credcheck/audit_anchor.hpp"
#include "credcheck/json.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

namespace {

struct AnchorFiles {
    std::string anchor, trust;
};

void add_anchor_options(CLI::App* cmd, AnchorFiles& files) {
    CLI::Option* anchor = cmd->add_option("--anchor", files.anchor, "Also check this signed head (from `audit head`): exit 1 unless it holds");
    CLI::Option* trust = cmd->add_option("--trust", files.trust, "The credit office's public key (PEM) the anchor must be signed with");
    anchor->needs(trust);
    trust->needs(anchor);
}

/// Prints whether the anchor holds; a failure makes the exit code kExitNegative.
void check_anchor(Context& context, const std::string& db, const AnchorFiles& files) {
    const AuditAnchor anchor = load_audit_anchor(files.anchor);
    const AnchorVerification v = verify_audit_anchor(open_read_only(context, db), anchor, files.trust);
    if (v.valid) {
        std::cout << fmt::format("anchor holds: entries 1–{} are those signed at {} by key {}\n", anchor.seq, anchor.signed_at, anchor.key_fingerprint);
    } else {
        std::cout << "anchor does NOT hold:\n";
        for (const auto& problem : v.problems) std::cout << "  " << problem << '\n';
        context.exit_code = kExitNegative;
    }
    if (!v.note.empty()) std::cout << "note: " << v.note << '\n';
}

} // namespace

void add_audit_command(CLI::App& app, Context& context) {
    CLI::App* audit = app.add_subcommand("audit", "Verify or read the tamper-evident audit trail");
    audit->require_subcommand(1);
    {
        auto db = std::make_shared<std::string>();
        auto anchor = std::make_shared<AnchorFiles>();
        CLI::App* cmd = audit->add_subcommand("verify", "Recompute the hash chain; exit 0 when intact, 1 naming the first broken entry");
        cmd->add_option("db", *db, "Database file")->required();
        add_anchor_options(cmd, *anchor);
        cmd->callback([db, anchor, &context] {
            const AuditVerification v = verify_audit(open_read_only(context, *db));
            if (v.intact) {
                std::cout << fmt::format("audit trail intact: {} entries, {} chain, head {}\n", v.entries, to_string(v.algorithm), v.head);
                std::cout << fmt::format("data matches the trail: {} rows checked against {} row images\n", v.rows_checked, v.images);
                context.exit_code = kExitOk;
            } else if (v.first_broken) {
                std::cout << fmt::format("audit trail BROKEN at entry {}: {}\n", *v.first_broken, display_text(v.problem));
                context.exit_code = kExitNegative;
            } else if (v.data_problems.empty()) {
                std::cout << fmt::format("audit trail BROKEN: {}\n", display_text(v.problem));
                context.exit_code = kExitNegative;
            } else {
                std::cout << fmt::format("audit trail intact ({} entries, head {}), but the DATA does not match it: {} of {} rows\n", v.entries,
                                         v.head, v.data_problems_total, v.rows_checked);
                for (const auto& p : v.data_problems) std::cout << "  " << display_text(p) << '\n';
                if (v.data_problems_total > v.data_problems.size())
                    std::cout << fmt::format("  … and {} more\n", v.data_problems_total - v.data_problems.size());
                context.exit_code = kExitNegative;
            }
            if (!anchor->anchor.empty()) check_anchor(context, *db, *anchor);
        });
    }
    {
        struct Options {
            std::string db, subject, department, decision, from, to, format = "table";
            std::size_t limit = 1000;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = audit->add_subcommand("show", "Entries of the audit trail, oldest first (a department reads its own)");
        cmd->add_option("db", o->db, "Database file")->required();
        cmd->add_option("--subject", o->subject, "Only entries about this subject code");
        cmd->add_option("--department", o->department, "Only entries of this acting department");
        cmd->add_option("--decision", o->decision, "The entry of one check, by its decision (receipt) id");
        cmd->add_option("--from", o->from, "From this UTC date (YYYY-MM-DD)");
        cmd->add_option("--to", o->to, "Up to this UTC date (YYYY-MM-DD)");
        cmd->add_option("--limit", o->limit, "At most this many entries (default 1000)");
        cmd->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
        cmd->callback([o, &context] {
            AuditQuery q;
            q.subject = o->subject;
            q.department = o->department;
            q.decision_id = o->decision;
            if (!o->from.empty()) q.from = Date::parse_or_throw(o->from, "--from");
            if (!o->to.empty()) q.to = Date::parse_or_throw(o->to, "--to");
            q.limit = o->limit;
            const auto entries = audit_entries(open_read_only(context, o->db), q);
            if (o->format == "json") {
                std::cout << serialize::audit_json(entries).dump(2) << '\n';
            } else {
                for (const auto& e : entries)
                    std::cout << fmt::format("#{} {} {} {} {} {}{} {} {}\n", e.seq, e.at, e.department.empty() ? "-" : display_text(e.department),
                                             e.role, e.officer.empty() ? "-" : display_text(e.officer), display_text(e.action),
                                             e.subject.empty() ? "" : " " + display_text(e.subject), display_text(e.target), display_text(e.details));
                std::cout << fmt::format("{} entries\n", entries.size());
            }
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string db, key, out;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = audit->add_subcommand("head", "Sign the trail's head with the credit office's SM2 key: an anchor (JSON) to keep "
                                                      "outside the database, for `audit verify --anchor`");
        cmd->add_option("db", o->db, "Database file")->required();
        cmd->add_option("--key", o->key, "The credit office's private key (PEM: `keys generate`, or openssl genpkey with curve SM2)")->required();
        cmd->add_option("--out", o->out, "Write the anchor to this file instead of standard output");
        cmd->callback([o, &context] {
            const std::string anchor = audit_anchor_json(sign_audit_head(open_read_only(context, o->db), o->key));
            Output out(o->out); // opened only once there is an anchor, so a failure leaves no empty file
            out.stream() << anchor;
            out.finish();
            context.exit_code = kExitOk;
        });
    }
}

} // namespace credcheck::cli
