// credcheck publicity — 双公示 publication (seed items 4, 13): overdue licences and penalties, recording
// publication, the day's publication batch, and the red and black lists for the credit website.
#include <fmt/format.h>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "credcheck/display.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/json.hpp"
#include "credcheck/push.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

namespace {

const std::vector<std::string> kFormats = {"table", "csv", "json", "jsonl"};
const std::vector<std::string> kBatchKinds = {"licenses", "penalties", "entries"};
const std::vector<std::string> kColours = {"red", "black"};

void require_format(const std::string& format, std::initializer_list<std::string_view> allowed, std::string_view mode) {
    std::string names;
    for (std::string_view a : allowed) {
        if (a == format) return;
        names += names.empty() ? "" : ", ";
        names += a;
    }
    throw CLI::ValidationError("--format", fmt::format("{} writes {}, not {}", mode, names, format));
}

std::string period_end_text(const std::optional<WorkingCalendar::PeriodEnd>& p) {
    if (!p) return "";
    return p->date.iso() + (p->provisional ? " (provisional)" : "");
}

void write_status_csv(std::ostream& out, const std::vector<PublicationItem>& items) {
    write_csv(out, {"record_id", "kind", "department", "document_no", "subject_code", "subject_name", "decided_on", "severity", "state",
                    "deadline", "working_days_overdue", "published_on", "publicity_end", "earliest_repair", "regime", "note"});
    for (const auto& i : items)
        write_csv(out, {std::to_string(i.record_id), std::string(to_string(i.kind)), i.department, i.document_no, i.subject_code,
                        i.subject_name, i.decided_on.iso(), i.severity ? std::string(to_string(*i.severity)) : "", std::string(to_string(i.state)),
                        i.terms.publication_deadline ? i.terms.publication_deadline->iso() : "", std::to_string(i.days_overdue),
                        i.published_on ? i.published_on->iso() : "", period_end_text(i.terms.publicity_end),
                        period_end_text(i.terms.earliest_repair), i.terms.regime, i.terms.note});
}

void write_status_table(std::ostream& out, const std::vector<PublicationItem>& items) {
    for (const auto& i : items) {
        out << fmt::format("#{:<5} {:<8} {:<8} {}  {} {}  decided {}\n", i.record_id, to_string(i.kind), to_string(i.state),
                           display_text(i.document_no), display_text(i.subject_name), display_text(i.subject_code), i.decided_on.iso());
        out << fmt::format("       {}: deadline {}{}\n", display_text(i.department), iso_or_dash(i.terms.publication_deadline),
                           i.state == PublicationState::overdue ? fmt::format(", {} working days overdue", i.days_overdue) : "");
    }
}

void write_push_table(std::ostream& out, const std::vector<PushItem>& items) {
    for (const auto& i : items) {
        out << fmt::format("#{:<5} entry    {:<8} {}  {} {}  entered {}\n", i.entry_id, to_string(i.state), display_text(i.document_no),
                           display_text(i.subject_name), display_text(i.subject_code), i.entered_on.iso());
        out << fmt::format("       {} ({}): push deadline {}{}\n", display_text(i.department), i.list_code, iso_or_dash(i.deadline),
                           i.state == PushState::overdue ? fmt::format(", {} working days overdue", i.days_overdue) : "");
    }
}

nlohmann::ordered_json push_json(const std::vector<PushItem>& items) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& i : items)
        out.push_back({{"entry_id", i.entry_id},
                       {"list", i.list_code},
                       {"department", i.department},
                       {"document_no", i.document_no},
                       {"subject_code", i.subject_code},
                       {"subject_name", i.subject_name},
                       {"entered_on", i.entered_on.iso()},
                       {"state", to_string(i.state)},
                       {"deadline", i.deadline ? nlohmann::ordered_json(i.deadline->iso()) : nlohmann::ordered_json(nullptr)},
                       {"working_days_overdue", i.days_overdue},
                       {"pushed_on", i.pushed_on ? nlohmann::ordered_json(i.pushed_on->iso()) : nlohmann::ordered_json(nullptr)}});
    return out;
}

void write_push_csv(std::ostream& out, const std::vector<PushItem>& items) {
    write_csv(out, {"entry_id", "list", "department", "document_no", "subject_code", "subject_name", "entered_on", "state", "deadline",
                    "working_days_overdue", "pushed_on"});
    for (const auto& i : items)
        write_csv(out, {std::to_string(i.entry_id), i.list_code, i.department, i.document_no, i.subject_code, i.subject_name, i.entered_on.iso(),
                        std::string(to_string(i.state)), i.deadline ? i.deadline->iso() : "", std::to_string(i.days_overdue),
                        i.pushed_on ? i.pushed_on->iso() : ""});
}

} // namespace

void add_publicity_command(CLI::App& app, Context& context) {
    struct Options {
        std::string db, department, as_of, on, due, kind, list, document_no, format, out;
        bool overdue = false, mark = false, mark_pushed = false, unmask = false;
        std::int64_t entry = 0;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "publicity", "双公示 publication, one mode a call (ID numbers always masked):\n"
                     "--overdue: licences and penalties past their publication deadline, and serious-dishonesty entries past their\n"
                     "push to the provincial platform (7 working days); --mark-published: record one published; --mark-pushed: record\n"
                     "an entry pushed; --due: the day's batch in the 双公示 format, or with --kind entries the day's push batch;\n"
                     "--list: the red or black list for the credit website");
    add_db(cmd, o->db);
    auto* mode = cmd->add_option_group("mode", "What to do (exactly one)");
    mode->add_flag("--overdue", o->overdue, "List the records whose publication is overdue on --as-of");
    CLI::Option* mark_opt = mode->add_flag("--mark-published", o->mark, "Record that --department published --document-no on --on");
    CLI::Option* pushed_opt = mode->add_flag("--mark-pushed", o->mark_pushed, "Record that the office pushed list entry --entry to the provincial platform on --on");
    CLI::Option* due_opt = mode->add_option("--due", o->due, "Write the records to publish on this day, of --kind");
    mode->add_option("--list", o->list, "Write the red or black list in force on --as-of")->check(CLI::IsMember(kColours));
    mode->require_option(1);
    CLI::Option* department_opt = cmd->add_option("--department", o->department, "Only this department (--overdue); the publishing department (--mark-published)");
    CLI::Option* document_no_opt = cmd->add_option("--document-no", o->document_no, "The licence or penalty's document number (--mark-published)")->needs(mark_opt);
    mark_opt->needs(department_opt)->needs(document_no_opt);
    cmd->add_option("--as-of", o->as_of, "The day judged on (--overdue, --list; default: today)");
    CLI::Option* entry_opt = cmd->add_option("--entry", o->entry, "The list entry pushed (--mark-pushed)")->needs(pushed_opt);
    pushed_opt->needs(entry_opt);
    cmd->add_option("--on", o->on, "The day it was published or pushed (--mark-published, --mark-pushed; default: today)");
    CLI::Option* kind_opt = cmd->add_option("--kind", o->kind, "licenses, penalties or entries (--due); entries (--overdue: only the push)")
                                ->check(CLI::IsMember(kBatchKinds));
    due_opt->needs(kind_opt);
    cmd->add_flag("--unmask", o->unmask, "Citizen ID numbers in full in the push batch (--due --kind entries; the credit office only)");
    cmd->add_option("--format", o->format, "--overdue: table (default), csv or json; --due: csv (default) or jsonl; --list: csv (default) or json")
        ->check(CLI::IsMember(kFormats));
    cmd->add_option("--out", o->out, "Write to this file (--due, --list; default: standard output)");
    cmd->callback([o, &context] {
        if (!o->kind.empty() && !(o->overdue && o->kind == "entries") && o->due.empty())
            throw CLI::ValidationError("--kind", "--kind goes with --due, or --kind entries with --overdue");
        if (o->overdue && (o->kind == "entries" || (o->kind.empty() && (o->format.empty() || o->format == "table")))) {
            // Serious-dishonesty entries past their push: alone (--kind entries), or after the records in the table.
            if (o->format.empty()) o->format = "table";
            require_format(o->format, {"table", "csv", "json"}, "--overdue");
            PushQuery pq;
            pq.as_of = date_or_today(o->as_of, "--as-of");
            pq.department = o->department;
            const auto entries = push_status(open_read_only(context, o->db), pq);
            const auto report_records = [&] {
                if (o->kind == "entries") return;
                PublicationQuery q;
                q.as_of = pq.as_of;
                q.department = o->department;
                const auto items = publication_status(open_read_only(context, o->db), q);
                write_status_table(std::cout, items);
                std::cout << fmt::format("{} records overdue for publication on {}{}\n", items.size(), q.as_of.iso(),
                                         o->department.empty() ? "" : " at " + o->department);
            };
            report_records();
            if (o->format == "json") std::cout << push_json(entries).dump(2) << '\n';
            else if (o->format == "csv") write_push_csv(std::cout, entries);
            else write_push_table(std::cout, entries);
            const std::string count = fmt::format("{} serious-dishonesty entries overdue for the provincial platform on {}{}\n", entries.size(),
                                                  pq.as_of.iso(), o->department.empty() ? "" : " at " + o->department);
            (o->format == "table" ? std::cout : std::cerr) << count;
        } else if (o->overdue) {
            if (o->format.empty()) o->format = "table";
            require_format(o->format, {"table", "csv", "json"}, "--overdue");
            PublicationQuery q;
            q.as_of = date_or_today(o->as_of, "--as-of");
            q.department = o->department;
            q.overdue_only = true;
            const auto items = publication_status(open_read_only(context, o->db), q);
            if (o->format == "json") {
                std::cout << serialize::publication_json(items).dump(2) << '\n';
            } else if (o->format == "csv") {
                write_status_csv(std::cout, items);
            } else {
                write_status_table(std::cout, items);
                std::cout << fmt::format("{} records overdue for publication on {}{}\n", items.size(), q.as_of.iso(),
                                         o->department.empty() ? "" : " at " + o->department);
            }
            if (o->format != "table") std::cerr << fmt::format("{} records overdue for publication on {}\n", items.size(), q.as_of.iso());
        } else if (o->mark_pushed) {
            const Date on = date_or_today(o->on, "--on");
            Database db = open_writable(context, o->db);
            mark_pushed(db, o->entry, on);
            std::cout << fmt::format("entry {}: pushed to the provincial platform on {}\n", o->entry, on.iso());
        } else if (o->mark) {
            const Date on = date_or_today(o->on, "--on");
            Database db = open_writable(context, o->db);
            mark_published(db, o->department, o->document_no, on);
            std::cout << fmt::format("{} {}: published on {}\n", o->department, o->document_no, on.iso());
        } else if (!o->list.empty()) {
            if (o->format.empty()) o->format = "csv";
            require_format(o->format, {"csv", "json"}, "--list");
            const Date as_of = date_or_today(o->as_of, "--as-of");
            const ListColour colour = o->list == "red" ? ListColour::red : ListColour::black;
            const Database db = open_read_only(context, o->db);
            Output out(o->out);
            std::uint64_t rows = 0;
            if (o->format == "csv") {
                rows = export_public_list(db, colour, as_of, FileFormat::csv, out.stream());
            } else {
                // The library writes JSON Lines; the array holds the same objects.
                std::ostringstream lines;
                rows = export_public_list(db, colour, as_of, FileFormat::jsonl, lines);
                nlohmann::ordered_json array = nlohmann::ordered_json::array();
                std::istringstream in(lines.str());
                for (std::string line; std::getline(in, line);)
                    if (!line.empty()) array.push_back(nlohmann::ordered_json::parse(line));
                out.stream() << array.dump(2) << '\n';
            }
            out.finish();
            std::cerr << fmt::format("{} entries on the {} list in force on {}\n", rows, o->list, as_of.iso());
        } else if (o->kind == "entries") {
            if (o->format.empty()) o->format = "csv";
            require_format(o->format, {"csv", "jsonl"}, "--due");
            const Date on = Date::parse_or_throw(o->due, "--due");
            Output out(o->out);
            const auto rows = export_push_batch(open_read_only(context, o->db), on, o->format == "jsonl" ? FileFormat::jsonl : FileFormat::csv,
                                                o->unmask, out.stream());
            out.finish();
            std::cerr << fmt::format("{} serious-dishonesty entries to push on {}\n", rows, on.iso());
        } else {
            if (o->format.empty()) o->format = "csv";
            require_format(o->format, {"csv", "jsonl"}, "--due");
            const Date on = Date::parse_or_throw(o->due, "--due");
            const ImportKind kind = o->kind == "licenses" ? ImportKind::licenses : ImportKind::penalties;
            Output out(o->out);
            const auto rows = export_publication_batch(open_read_only(context, o->db), kind, on, o->format == "jsonl" ? FileFormat::jsonl : FileFormat::csv,
                                                       out.stream());
            out.finish();
            std::cerr << fmt::format("{} {} to publish on {}\n", rows, o->kind, on.iso());
        }
        context.exit_code = kExitOk;
    });
}

} // namespace credcheck::cli
