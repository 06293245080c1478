// credcheck demo — builds a database from the bundled Ezhou sample data and walks through the cases
// the seed document cares about. The README's first command ends here.
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <random>

#include "commands.hpp"
#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/import.hpp"
#include "credcheck/citizen_id.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/report.hpp"
#include "decision_text.hpp"
#include "util/embedded_demo.hpp"
#include "workflow_util.hpp"
#include <sstream>

namespace credcheck::cli {

namespace {

/// The demo's fixed check date, so that the tour reads the same whenever it runs.
const Date kDemoDate = *Date::from_ymd(2026, 11, 28);

struct TourStop {
    const char* title;
    const char* subject;
    const char* scenario;
};

// Codes from data/demo (tools/data/make_demo.py); the tour looks them up by name when printing.
const TourStop kTour[] = {
    {"A bidder on the government-procurement debarment list is denied, on the law that says so (政府采购法 §77; seed items 5, 12)",
     "鄂州市远航建设工程有限公司", "gov_procurement"},
    {"A bidder on the dishonest-debtor list: the purchaser looks closer — the catalog has not read the central text that bars it, and says so",
     "鄂州市恒信建材有限公司", "gov_procurement"},
    {"Its legal representative is barred from high consumption because of the company (落实到人, 法释〔2015〕17号 §3; items 3, 13)", "王建国",
     "high_consumption"},
    {"A credit model takes the green channel (item 8)", "鄂州市诚达物流有限公司", "admin_license"},
    {"Three clean years earn 容缺受理 without any red list (item 8)", "鄂州市华容区老字号食品厂", "admin_license"},
    {"A measure suspended while an objection is verified (核实期间暂不执行, item 19)", "鄂州市梁子湖生态农业有限公司", "gov_procurement"},
    {"An awards candidate disqualified by its legal representative's own record (item 12)", "鄂州市鄂城区明珠酒店有限公司", "honors"},
    {"A repaired record no longer triggers anything (信用修复, item 19)", "鄂州市鑫源化工有限公司", "fiscal_funds"},
};

std::filesystem::path write_demo_file(const std::filesystem::path& dir, const char* name, std::string_view text) {
    const auto path = dir / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!(out << text)) throw Error(Status::io_error, "cannot write " + path.string());
    return path;
}

/// The subject's code, found by exact name in the demo subjects file.
std::string code_of(const std::string& name) {
    std::istringstream in{std::string(embedded::demo_subjects_csv)};
    for (std::string line; std::getline(in, line);) {
        const auto comma = line.find(',');
        if (comma != std::string::npos && line.compare(comma + 1, name.size() + 1, name + ",") == 0) return line.substr(0, comma);
    }
    throw Error(Status::internal, "demo data has no subject named " + name);
}

Database build(const std::filesystem::path& db_path, const std::filesystem::path& work) {
    Database db = init_database(db_path);
    // The office routes measures to the departments that apply them, so that list imports notify them.
    const auto routes = read_routes_file(write_demo_file(work, "routes.csv", embedded::demo_routes_csv).string());
    set_measure_routes(db, routes, kDemoDate);
    std::cout << fmt::format("  routed {} measure–department pairs (data/demo/routes.csv)\n", routes.size());
    const std::pair<ImportKind, std::string_view> files[] = {
        {ImportKind::subjects, embedded::demo_subjects_csv}, {ImportKind::relations, embedded::demo_relations_csv},
        {ImportKind::lists, embedded::demo_lists_csv},       {ImportKind::licenses, embedded::demo_licenses_csv},
        {ImportKind::penalties, embedded::demo_penalties_csv}};
    for (const auto& [kind, text] : files) {
        ImportOptions options;
        options.kind = kind;
        options.today = kDemoDate;
        const auto report = import_file(db, write_demo_file(work, (std::string(to_string(kind)) + ".csv").c_str(), text), options);
        std::cout << fmt::format("  imported {:<10} {:>4} rows ({} subjects created from rows)\n", to_string(kind), report.rows,
                                 report.subjects_created);
    }
    // The ecological farm disputes its serious-violation listing; verification is under way.
    const Subject farm = db.find_subject(code_of("鄂州市梁子湖生态农业有限公司")).value();
    const auto entries = db.entries_of(farm.id);
    const ObjectionId objection = file_objection(db, ObjectionTarget::entry, entries.at(0).id, *Date::from_ymd(2026, 11, 20),
                                                 "鄂州市梁子湖生态农业有限公司", "登记材料系中介机构伪造，本公司已报案，申请核实");
    std::cout << fmt::format("  filed objection #{} against list entry #{} (pending verification)\n", objection, entries.at(0).id);
    return db;
}

/// The process around the check on the demo date: notices, publication, the objection, the report.
void workflow_tour(const Database& db, int stop) {
    const auto finance = inbox(db, "鄂州市财政局");
    std::cout << fmt::format("{}. The finance bureau's inbox: {} notices to apply measures (发起 → 响应 → 反馈, items 16, 17)\n"
                             "$ credcheck inbox DB --department 鄂州市财政局\n",
                             ++stop, finance.size());
    for (std::size_t i = 0; i < finance.size() && i < 3; ++i)
        std::cout << fmt::format("  #{} {} {} — {} {} ({} {})\n", finance[i].id, to_string(finance[i].kind), finance[i].measure_code,
                                 finance[i].subject_name, mask_personal_id(finance[i].subject_code), finance[i].list_code,
                                 finance[i].document_no);
    std::cout << '\n';

    PublicationQuery overdue;
    overdue.as_of = kDemoDate;
    const auto late = publication_status(db, overdue);
    std::cout << fmt::format("{}. 双公示: {} licences and penalties unpublished past their deadline (7 working days; 20 for market "
                             "regulators' penalties; items 4, 13)\n$ credcheck publicity DB --overdue --as-of {}\n",
                             ++stop, late.size(), kDemoDate.iso());
    for (std::size_t i = 0; i < late.size() && i < 3; ++i)
        std::cout << fmt::format("  {} {} decided {}, due {}, {} working days overdue\n", late[i].department, late[i].document_no,
                                 late[i].decided_on.iso(), iso_or_dash(late[i].terms.publication_deadline), late[i].days_overdue);
    std::cout << '\n';

    for (const auto& o : list_objections(db, {true, std::nullopt, ""}))
        std::cout << fmt::format("{}. The farm's objection #{} must be verified by {} ({} working days from {}; item 19)\n"
                                 "$ credcheck objection list DB --pending\n  {}: {}\n\n",
                                 ++stop, o.id, iso_or_dash(o.due_on), objection_verification_days(db), o.filed_on.iso(), o.description,
                                 o.reason);

    const auto report = credit_report(db, {*Date::from_ymd(2026, 1, 1), kDemoDate, ""});
    std::int64_t penalties = 0, licenses = 0, entries = 0, notices = 0;
    for (const auto& r : report) {
        penalties += r.penalties;
        licenses += r.licenses;
        entries += r.entries_added;
        notices += r.notices;
    }
    std::cout << fmt::format("{}. The report for 2026 so far (保障措施 三): {} departments, {} licences and {} penalties decided, {} list "
                             "entries added, {} notices sent\n$ credcheck report DB --from 2026-01-01 --to {}\n",
                             ++stop, report.size(), licenses, penalties, entries, notices, kDemoDate.iso());
}

} // namespace

void add_demo_command(CLI::App& app, Context& context) {
    auto db_path = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("demo", "Build a demo database from the bundled Ezhou (鄂州) sample data and tour the must-check");
    cmd->add_option("--db", *db_path, "Keep the demo database at this path (must not exist); default: a temporary file");
    cmd->callback([db_path, &context] {
        const auto work = std::filesystem::temp_directory_path() / fmt::format("credcheck-demo-{}", std::random_device{}());
        std::filesystem::create_directories(work);
        struct Cleanup {
            std::filesystem::path dir;
            ~Cleanup() {
                std::error_code ec;
                std::filesystem::remove_all(dir, ec);
            }
        } cleanup{work};
        const std::filesystem::path path = db_path->empty() ? work / "demo.db" : std::filesystem::path(*db_path);
        std::cout << fmt::format("credcheck demo: building {} from the bundled 鄂州 sample data\n", path.string());
        const Database db = build(path, work);
        const auto counts = db.counts();
        std::cout << fmt::format("  {} subjects, {} relations, {} records, {} list entries\n\n", counts.subjects, counts.relations,
                                 counts.records, counts.entries);
        // The service centre's window checks as itself: its department is recorded with each decision.
        const Database window = db.as(Principal{"鄂州市政务服务中心", AccessRole::implementing, "credcheck demo"});
        const Checker checker(window);
        int stop = 0;
        for (const TourStop& t : kTour) {
            CheckRequest r;
            r.subject = code_of(t.subject);
            r.scenario = t.scenario;
            r.as_of = kDemoDate;
            r.purpose = "credcheck demo";
            std::cout << fmt::format("{}. {}\n$ credcheck check DB --subject {} --scenario {} --as-of {}\n", ++stop, t.title,
                                     mask_personal_id(r.subject), t.scenario, kDemoDate.iso());
            std::cout << decision_text(checker.check(r), false) << '\n';
        }
        workflow_tour(db, stop);
        if (!db_path->empty())
            std::cout << fmt::format("The demo database is kept at {}: try `credcheck check {} --subject … --scenario …`.\n", path.string(),
                                     path.string());
        context.exit_code = kExitOk;
    });
}

} // namespace credcheck::cli
