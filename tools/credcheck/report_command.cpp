// credcheck report — the periodic report of the joint reward and punishment work, per department.
#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "credcheck/display.hpp"
#include "credcheck/report.hpp"
#include "credcheck/json.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

namespace {

const std::vector<std::string> kFormats = {"table", "csv", "json"};

std::string n(std::int64_t v) { return std::to_string(v); }

void write_report_csv(std::ostream& out, const std::vector<DepartmentReport>& rows) {
    write_csv(out, {"department", "licenses", "penalties", "published_on_time", "published_late", "publication_overdue", "publication_pending",
                    "not_to_publish", "entries_added", "entries_ended", "checks", "notices", "notices_answered", "feedback_rate",
                    "measures_applied", "measures_not_applied", "not_applicable", "objections_filed", "objections_resolved",
                    "objections_resolved_in_time", "objections_overdue", "repairs"});
    for (const auto& r : rows)
        write_csv(out, {r.department, n(r.licenses), n(r.penalties), n(r.published_on_time), n(r.published_late), n(r.overdue), n(r.pending),
                        n(r.not_to_publish), n(r.entries_added), n(r.entries_ended), n(r.checks_total), n(r.notices), n(r.notices_answered),
                        fmt::format("{:.4f}", r.feedback_rate), n(r.measures_applied), n(r.measures_not_applied), n(r.not_applicable),
                        n(r.objections_filed), n(r.objections_resolved), n(r.objections_resolved_in_time), n(r.objections_overdue),
                        n(r.repairs)});
}

void write_report_table(std::ostream& out, const std::vector<DepartmentReport>& rows, const ReportQuery& q) {
    out << fmt::format("credit work {} to {}\n", q.from.iso(), q.to.iso());
    out << fmt::format("{:<28} {:>8} {:>9} {:>7} {:>7} {:>8} {:>7} {:>8} {:>9} {:>10} {:>7}\n", "department", "licences", "penalties",
                       "overdue", "listed", "delisted", "checks", "notices", "feedback", "objections", "repairs");
    for (const auto& r : rows)
        out << fmt::format("{:<28} {:>8} {:>9} {:>7} {:>7} {:>8} {:>7} {:>8} {:>8.0f}% {:>10} {:>7}\n", display_text(r.department), r.licenses, r.penalties,
                           r.overdue, r.entries_added, r.entries_ended, r.checks_total, r.notices, 100 * r.feedback_rate,
                           fmt::format("{}/{}", r.objections_resolved, r.objections_filed), r.repairs);
    out << fmt::format("{} departments (overdue: publication overdue at the period's end; feedback: notices answered; objections: "
                       "resolved/filed)\n",
                       rows.size());
}

} // namespace

void add_report_command(CLI::App& app, Context& context) {
    struct Options {
        std::string db, from, to, department, format = "table";
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("report", "The periodic report per department: records and their publication, list entries,\n"
                                                 "checks, feedback on notices, objections and repairs in the period");
    add_db(cmd, o->db);
    cmd->add_option("--from", o->from, "First day of the period, YYYY-MM-DD")->required();
    cmd->add_option("--to", o->to, "Last day of the period, YYYY-MM-DD")->required();
    cmd->add_option("--department", o->department, "Only this department");
    cmd->add_option("--format", o->format, "table (default), csv or json")->check(CLI::IsMember(kFormats));
    cmd->callback([o, &context] {
        ReportQuery q;
        q.from = Date::parse_or_throw(o->from, "--from");
        q.to = Date::parse_or_throw(o->to, "--to");
        q.department = o->department;
        const auto rows = credit_report(open_read_only(context, o->db), q);
        if (o->format == "json") std::cout << serialize::report_json(rows).dump(2) << '\n';
        else if (o->format == "csv") write_report_csv(std::cout, rows);
        else write_report_table(std::cout, rows, q);
        context.exit_code = kExitOk;
    });
}

} // namespace credcheck::cli
