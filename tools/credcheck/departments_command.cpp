// credcheck departments list | designate — the departments credcheck knows, and the registration
// authorities the credit office designates (who may write subjects, codes and relations).
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "credcheck/departments.hpp"
#include "credcheck/display.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

void add_departments_command(CLI::App& app, Context& context) {
    CLI::App* departments = app.add_subcommand("departments", "The departments credcheck knows, and the registration authorities among them");
    departments->require_subcommand(1);
    {
        auto o = std::make_shared<std::pair<std::string, std::string>>("", "table");
        CLI::App* cmd = departments->add_subcommand("list", "Every department: name, code, USCC, and whether it is a registration authority");
        add_db(cmd, o->first);
        cmd->add_option("--format", o->second, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
        cmd->callback([o, &context] {
            const auto rows = list_departments(open_read_only(context, o->first));
            if (o->second == "json") {
                nlohmann::ordered_json out = nlohmann::ordered_json::array();
                for (const auto& r : rows)
                    out.push_back({{"name", r.department.name},
                                   {"code", r.department.code},
                                   {"uscc", r.department.uscc ? nlohmann::ordered_json(*r.department.uscc) : nlohmann::ordered_json(nullptr)},
                                   {"registration_authority", r.registration_authority}});
                std::cout << out.dump(2) << '\n';
            } else {
                for (const auto& r : rows)
                    std::cout << fmt::format("{:<32} {:<20}{}\n", display_text(r.department.name), display_text(r.department.code),
                                             r.registration_authority ? "  registration authority" : "");
                std::cout << fmt::format("{} departments\n", rows.size());
            }
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string db, department;
            bool revoke = false;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = departments->add_subcommand(
            "designate", "Designate a department a registration authority (it may then import subjects and relations), or --revoke it. "
                         "The credit office only");
        add_db(cmd, o->db);
        cmd->add_option("--department", o->department, "The department (name, code or USCC)")->required();
        cmd->add_flag("--revoke", o->revoke, "End the designation");
        cmd->callback([o, &context] {
            Database db = open_writable(context, o->db);
            designate_registration_authority(db, o->department, !o->revoke);
            std::cout << fmt::format("{} {} a registration authority\n", display_text(o->department), o->revoke ? "is no longer" : "is");
            context.exit_code = kExitOk;
        });
    }
}

} // namespace credcheck::cli
