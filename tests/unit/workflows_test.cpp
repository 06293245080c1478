// The workflows around the check (seed items 4, 13, 19, 三): the calendar as data, objections with
// their verification deadlines, credit repair, 双公示 publication, and the periodic report.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sstream>

#include "credcheck/calendar.hpp"
#include "credcheck/installed_calendar.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/repair.hpp"
#include "credcheck/report.hpp"
#include "store/sqlite.hpp"
#include "world.hpp"
#include "test_support.hpp"

using namespace credcheck;
using test::status_of;
using test::kAsOf;
using test::World;

namespace {

Date day(int y, unsigned m, unsigned d) { return *Date::from_ymd(y, m, d); }

const std::string kCourt = "鄂州市中级人民法院";
const std::string kSamr = "鄂州市市场监督管理局";
const std::string kEnvironment = "鄂州市生态环境局";
const std::string kFinance = "鄂州市财政局";

std::int64_t count_rows(const Database& db, const char* sql) {
    sql::Connection c(db.path(), sql::Connection::Mode::read_only, 1000);
    sql::Query q(c.prepared(sql));
    q.step();
    return q.integer(0);
}

/// A penalty with the columns publication and repair care about.
void penalty(World& w, int company, const std::string& document, const std::string& department, const std::string& decided_on,
             const std::string& severity, const std::string& representative_id = "") {
    w.load(ImportKind::penalties,
           "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity,legal_representative,legal_representative_id\n" +
               fmt::format("{},{},公司{},{},{},罚款,{},{},{}\n", document, World::company(company), company, department, decided_on, severity,
                           representative_id.empty() ? "" : "王某", representative_id));
}

RecordId record_id(World& w, int company, const std::string& document) {
    for (const auto& r : w.db().records_of(w.db().find_subject(World::company(company))->id))
        if (r.document_no == document) return r.id;
    FAIL("no such record");
    return 0;
}


} // namespace

TEST_CASE("the working-day calendar is data in the database") {
    World w;
    const WorkingCalendar calendar = installed_calendar(w.db());
    CHECK(calendar.covered_years().front() == 2017);
    CHECK(calendar.covered_years().back() == 2026);
    CHECK_FALSE(calendar.covers(day(2027, 1, 4)));

    SUBCASE("loading next year's notice extends it") {
        load_calendar(w.db(), parse_calendar("date\tkind\tname\n2027-01-01\toff\t元旦\n2027-02-20\twork\t春节\n", "2027.tsv"), "2027.tsv");
        const WorkingCalendar extended = installed_calendar(w.db());
        CHECK(extended.covers(day(2027, 6, 1)));
        CHECK_FALSE(extended.is_working_day(day(2027, 1, 1)));
        CHECK(extended.is_working_day(day(2027, 2, 20))); // an adjusted working Saturday
        CHECK(extended.covers(day(2026, 10, 1)));         // the years it did not name stay as they were
    }
    SUBCASE("a bad file changes nothing") {
        CHECK_THROWS_WITH_AS(parse_calendar("date\tkind\tname\n2027-01-01\toff\t元旦\n2027-01-01\toff\t元旦\n", "bad.tsv"),
                             doctest::Contains("bad.tsv line 3"), Error);
        CHECK(status_of([&] { load_calendar(w.db(), std::vector<CalendarDay>{}, "empty.tsv"); }) == Status::invalid_argument);
        CHECK_FALSE(installed_calendar(w.db()).covers(day(2027, 1, 1)));
    }
}

TEST_CASE("an objection is verified within working days; the deadline and overdue objections are listed") {
    World w;
    w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kSamr + ",鄂市监严失〔2026〕1号,2026-03-02,2029-03-02,,,\n");
    const EntryId entry = w.entry_of(World::company(1));

    SUBCASE("five working days by default, across the National Day holiday and an adjusted Saturday") {
        const ObjectionId id = file_objection(w.db(), ObjectionTarget::entry, entry, day(2026, 9, 29), "甲公司", "未达到列入标准");
        const auto o = find_objection(w.db(), id);
        REQUIRE(o.has_value());
        CHECK(o->due_on == day(2026, 10, 12));
        CHECK(o->department == kSamr);
        CHECK(o->description.find("samr.serious_illegal") != std::string::npos);

        CHECK(list_objections(w.db(), {true, day(2026, 10, 12), ""}).empty()); // the last day is not overdue
        CHECK(list_objections(w.db(), {true, day(2026, 10, 13), ""}).size() == 1);
        CHECK(list_objections(w.db(), {true, day(2026, 10, 13), kSamr}).size() == 1);
        CHECK(list_objections(w.db(), {true, day(2026, 10, 13), kCourt}).empty());
    }
    SUBCASE("the number of days is configurable") {
        set_objection_verification_days(w.db(), 1);
        CHECK(objection_verification_days(w.db()) == 1);
        const ObjectionId id = file_objection(w.db(), ObjectionTarget::entry, entry, day(2026, 9, 30), "甲公司", "错误");
        CHECK(find_objection(w.db(), id)->due_on == day(2026, 10, 8));
        CHECK(status_of([&] { set_objection_verification_days(w.db(), 0); }) == Status::invalid_argument);
    }
    SUBCASE("a deadline beyond the calendar is unknown, and filing still works") {
        const ObjectionId id = file_objection(w.db(), ObjectionTarget::entry, entry, day(2026, 12, 28), "甲公司", "错误");
        CHECK_FALSE(find_objection(w.db(), id)->due_on.has_value());
    }
}

TEST_CASE("an objection resolved as corrected amends its target, with history") {
    World w;
    w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kSamr + ",鄂市监严失〔2026〕1号,2026-03-02,2029-03-02,,,\n");
    const EntryId entry = w.entry_of(World::company(1));
    const ObjectionId id = file_objection(w.db(), ObjectionTarget::entry, entry, day(2026, 11, 2), "甲公司", "移出日期有误");

    SUBCASE("corrections are required and checked; nothing changes on a bad one") {
        CHECK_THROWS_WITH_AS(resolve_objection(w.db(), id, ObjectionOutcome::corrected, kAsOf, kSamr, "更正"),
                             doctest::Contains("at least one correction"), Error);
        CHECK_THROWS_WITH_AS(resolve_objection(w.db(), id, ObjectionOutcome::corrected, kAsOf, kSamr, "更正",
                                               {{"expires_on", "2028-03-02"}, {"subject_id", "1"}}),
                             doctest::Contains("cannot correct the entry's 'subject_id' (correctable: reason, legal_basis, entered_on, expires_on)"),
                             Error);
        CHECK_THROWS_WITH_AS(resolve_objection(w.db(), id, ObjectionOutcome::corrected, kAsOf, kSamr, "更正", {{"expires_on", "2028-02-30"}}),
                             doctest::Contains("expires_on"), Error);
        CHECK_THROWS_WITH_AS(resolve_objection(w.db(), id, ObjectionOutcome::upheld, kAsOf, kSamr, "维持", {{"reason", "x"}}),
                             doctest::Contains("corrections belong to the outcome corrected"), Error);
        CHECK_FALSE(find_objection(w.db(), id)->outcome.has_value());
        CHECK(w.db().entries_of(w.db().find_subject(World::company(1))->id).at(0).expires_on == day(2029, 3, 2));
    }
    SUBCASE("the correction lands and the history says who changed what") {
        resolve_objection(w.db(), id, ObjectionOutcome::corrected, kAsOf, kSamr, "移出日期更正", {{"expires_on", "2028/3/2"}});
        CHECK(w.db().entries_of(w.db().find_subject(World::company(1))->id).at(0).expires_on == day(2028, 3, 2));
        CHECK(count_rows(w.db(), "SELECT count(*) FROM history WHERE table_name = 'list_entries' AND actor = '鄂州市市场监督管理局' "
                                 "AND changes = '{\"expires_on\":[\"2029-03-02\",\"2028-03-02\"]}'") == 1);
        CHECK(find_objection(w.db(), id)->outcome == ObjectionOutcome::corrected);
    }
}

TEST_CASE("an entry revoked after an objection is lifted at the departments and cannot be objected to again") {
    World w;
    set_measure_routes(w.db(), {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
    w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n");
    const EntryId entry = w.entry_of(World::company(1));
    const ObjectionId id = file_objection(w.db(), ObjectionTarget::entry, entry, day(2026, 11, 20), "甲公司", "已履行");
    resolve_objection(w.db(), id, ObjectionOutcome::revoked, kAsOf, kCourt, "确已履行，撤销");
    const auto notices = inbox(w.db(), kFinance);
    REQUIRE(notices.size() == 2);
    CHECK(notices[0].kind == NoticeKind::lift);
    CHECK(notices[0].cause == NoticeCause::revoked);
    CHECK(status_of([&] { file_objection(w.db(), ObjectionTarget::entry, entry, kAsOf, "甲公司", "again"); }) == Status::conflict);
    CHECK(w.check(World::company(1), "gov_procurement").verdict == Verdict::allow);
}

TEST_CASE("credit repair refuses, naming every unmet condition, until they all hold") {
    World w;
    penalty(w, 1, "鄂环罚〔2026〕5号", kEnvironment, "2026-05-11", "general");
    const RecordId record = record_id(w, 1, "鄂环罚〔2026〕5号");
    RepairRequest r;
    r.target = ObjectionTarget::record;
    r.target_id = record;
    r.repaired_on = day(2026, 7, 1);
    r.decided_by = kEnvironment;

    const auto blockers = repair_blockers(w.db(), r);
    REQUIRE(blockers.size() == 3);
    CHECK(blockers[0] == "minimum publicity period not passed: repair possible from 2026-08-11");
    CHECK(blockers[1].find("obligations not shown fulfilled") == 0);
    CHECK(blockers[2].find("no credit commitment (信用承诺)") == 0);
    CHECK_THROWS_WITH_AS(repair(w.db(), r), doctest::Contains("penalty 鄂环罚〔2026〕5号 cannot be repaired on 2026-07-01: minimum publicity period"), Error);

    r.repaired_on = day(2026, 8, 11);
    r.obligations_evidence = "罚款缴纳凭证 No.2026-0815";
    CHECK(repair_blockers(w.db(), r).size() == 1);
    const RecordId commitment = record_commitment(w.db(), {World::company(1), kEnvironment, "鄂环承诺〔2026〕3号", day(2026, 8, 1), "依法经营"});
    CHECK(record_commitment(w.db(), {World::company(1), kEnvironment, "鄂环承诺〔2026〕3号", day(2026, 8, 1), "依法经营"}) == commitment);
    CHECK(repair_blockers(w.db(), r).empty());

    const RepairResult result = repair(w.db(), r);
    CHECK(result.commitment == commitment);
    CHECK(count_rows(w.db(), "SELECT count(*) FROM records WHERE status = 'repaired'") == 1);
    CHECK(count_rows(w.db(), "SELECT count(*) FROM history WHERE table_name = 'records' AND changes LIKE '%repaired%'") == 1);
    SUBCASE("a repaired record leaves publication and cannot be repaired twice") {
        PublicationQuery q;
        q.as_of = day(2026, 9, 1);
        q.overdue_only = false;
        for (const auto& item : publication_status(w.db(), q)) CHECK(item.record_id != record);
        CHECK(status_of([&] { repair(w.db(), r); }) == Status::conflict);
    }
    SUBCASE("the other refusals") {
        RepairRequest missing = r;
        missing.target_id = 999999;
        CHECK(status_of([&] { repair(w.db(), missing); }) == Status::not_found);
        missing = r;
        missing.decided_by.clear();
        CHECK(status_of([&] { repair(w.db(), missing); }) == Status::invalid_argument);
        CHECK(status_of([&] { record_commitment(w.db(), {World::company(9), kEnvironment, "x", kAsOf, ""}); }) == Status::not_found);
    }
}

TEST_CASE("repairing a list entry after its minimum term lifts its measures at the departments") {
    World w;
    set_measure_routes(w.db(), {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
    w.entries("samr.serious_illegal," + World::company(1) + ",甲公司," + kSamr + ",鄂市监严失〔2025〕1号,2025-03-03,2028-03-03,,,\n");
    record_commitment(w.db(), {World::company(1), kSamr, "承诺〔2026〕1号", day(2026, 1, 5), "守法经营"});
    RepairRequest r;
    r.target = ObjectionTarget::entry;
    r.target_id = w.entry_of(World::company(1));
    r.repaired_on = day(2026, 3, 2);
    r.decided_by = kSamr;
    r.obligations_evidence = "整改验收报告";
    CHECK(repair_blockers(w.db(), r) == std::vector<std::string>{"minimum publicity period not passed: repair possible from 2026-03-03"});

    SUBCASE("a pending objection blocks it") {
        file_objection(w.db(), ObjectionTarget::entry, r.target_id, day(2026, 3, 1), "甲公司", "错误");
        r.repaired_on = day(2026, 3, 3);
        CHECK(repair_blockers(w.db(), r).at(0).find("objection #1 to it is still being verified") == 0);
    }
    SUBCASE("granted") {
        r.repaired_on = day(2026, 3, 3);
        const RepairResult result = repair(w.db(), r);
        CHECK(result.notices.lift == 1);
        CHECK(inbox(w.db(), kFinance).at(0).cause == NoticeCause::repaired);
        CHECK(w.check(World::company(1), "gov_procurement").verdict == Verdict::allow);
    }
}

TEST_CASE("publication deadlines run in working days from the decision; overdue records are listed") {
    World w;
    penalty(w, 1, "鄂环罚〔2025〕1号", kEnvironment, "2025-01-27", "general"); // the Monday before the Spring Festival
    penalty(w, 2, "鄂市监罚〔2025〕1号", kSamr, "2025-01-27", "general");       // market regulators: 20 working days
    PublicationQuery q;
    q.as_of = day(2025, 2, 12);
    CHECK(publication_status(w.db(), q).empty()); // the deadline day itself is not late

    q.as_of = day(2025, 2, 13);
    auto overdue = publication_status(w.db(), q);
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0].document_no == "鄂环罚〔2025〕1号");
    CHECK(overdue[0].terms.publication_deadline == day(2025, 2, 12));
    CHECK(overdue[0].days_overdue == 1);
    CHECK(overdue[0].state == PublicationState::overdue);

    q.as_of = day(2025, 3, 4);
    CHECK(publication_status(w.db(), q).size() == 2);
    q.department = kSamr;
    overdue = publication_status(w.db(), q);
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0].terms.publication_deadline == day(2025, 3, 3));

    SUBCASE("marking publication: on time, late, and the refusals") {
        mark_published(w.db(), kEnvironment, "鄂环罚〔2025〕1号", day(2025, 2, 12));
        mark_published(w.db(), kSamr, "鄂市监罚〔2025〕1号", day(2025, 3, 4));
        PublicationQuery all;
        all.as_of = day(2025, 3, 31);
        all.overdue_only = false;
        const auto items = publication_status(w.db(), all);
        REQUIRE(items.size() == 2);
        CHECK(items[0].state == PublicationState::on_time);
        CHECK(items[1].state == PublicationState::late);
        CHECK(status_of([&] { mark_published(w.db(), kSamr, "鄂市监罚〔2025〕1号", day(2025, 3, 5)); }) == Status::conflict);
        CHECK(status_of([&] { mark_published(w.db(), kSamr, "no such", day(2025, 3, 5)); }) == Status::not_found);
        CHECK(status_of([&] { mark_published(w.db(), "鄂州市不存在局", "x", day(2025, 3, 5)); }) == Status::not_found);
    }
    SUBCASE("a decision before its publication date is refused") {
        CHECK(status_of([&] { mark_published(w.db(), kEnvironment, "鄂环罚〔2025〕1号", day(2025, 1, 26)); }) ==
              Status::invalid_argument);
    }
}

TEST_CASE("publication: exempt minor decisions, deadlines beyond the calendar, the day's batch and the public lists") {
    World w;
    penalty(w, 1, "鄂环罚〔2026〕9号", kEnvironment, "2026-05-11", "minor"); // 36号: minor is not published
    penalty(w, 2, "鄂环罚〔2026〕10号", kEnvironment, "2026-12-28", "general", World::person(7)); // deadline in 2027
    penalty(w, 3, "鄂环罚〔2026〕11号", kEnvironment, "2026-11-20", "serious", World::person(8));
    PublicationQuery all;
    all.as_of = day(2026, 12, 31);
    all.overdue_only = false;
    const auto items = publication_status(w.db(), all);
    REQUIRE(items.size() == 3);
    CHECK(items[0].state == PublicationState::not_to_publish);
    CHECK(items[1].state == PublicationState::overdue);
    CHECK(items[1].terms.publicity_end->date == day(2029, 11, 20));
    CHECK(items[1].terms.publicity_end->provisional);
    CHECK(items[2].state == PublicationState::deadline_unknown);
    CHECK(items[2].terms.note.find("2027") != std::string::npos);

    std::ostringstream batch;
    CHECK(export_publication_batch(w.db(), ImportKind::penalties, day(2026, 12, 31), FileFormat::csv, batch) == 2);
    const std::string text = batch.str();
    CHECK(text.rfind("行政处罚决定书文号,", 0) == 0);
    CHECK(text.find("鄂环罚〔2026〕9号") == std::string::npos);
    CHECK(text.find(",法人及非法人组织,") != std::string::npos); // 行政相对人类别 in the 双公示 terms
    CHECK(text.find(World::person(8)) == std::string::npos);
    CHECK(text.find(World::person(8).substr(0, 6) + "********") != std::string::npos);

    w.entries("samr.serious_illegal," + World::person(1) + ",李某," + kCourt + ",(2026)鄂07执2号,2026-06-18,,,,\n" +
              "samr.serious_illegal," + World::company(4) + ",丁公司," + kCourt + ",(2026)鄂07执3号,2026-06-18,,removed,,\n" +
              "samr.serious_illegal," + World::company(5) + ",戊公司," + kCourt + ",(2025)鄂07执4号,2025-06-18,2026-06-18,,,\n" +
              "credit.model," + World::company(6) + ",己公司,鄂州市发展和改革委员会,鄂信用办〔2026〕1号,2026-01-10,2029-01-10,,,\n");
    std::ostringstream black;
    CHECK(export_public_list(w.db(), ListColour::black, kAsOf, FileFormat::jsonl, black) == 1);
    CHECK(black.str().find(World::person(1)) == std::string::npos);
    CHECK(black.str().find("\"subject_name\":\"李某\"") != std::string::npos);
    std::ostringstream red;
    CHECK(export_public_list(w.db(), ListColour::red, kAsOf, FileFormat::csv, red) == 1);
    CHECK(red.str().find("己公司") != std::string::npos);
}

TEST_CASE("the periodic report counts each department's work in the period") {
    World w;
    set_measure_routes(w.db(), {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
    penalty(w, 1, "鄂环罚〔2026〕1号", kEnvironment, "2026-10-09", "general");
    penalty(w, 2, "鄂环罚〔2026〕2号", kEnvironment, "2026-10-12", "general");
    penalty(w, 3, "鄂环罚〔2026〕3号", kEnvironment, "2026-09-01", "general"); // before the period
    mark_published(w.db(), kEnvironment, "鄂环罚〔2026〕1号", day(2026, 10, 13));
    w.entries("samr.serious_illegal," + World::company(4) + ",丁公司," + kCourt + ",(2026)鄂07执3号,2026-10-18,,,,\n");
    const NoticeId notice = inbox(w.db(), kFinance).at(0).id;
    Feedback f;
    f.notice_id = notice;
    f.department = kFinance;
    f.officer = "张科员";
    f.decided_on = day(2026, 11, 2);
    f.case_ref = "采购 2026-9";
    record_feedback(w.db(), f);
    const ObjectionId objection = file_objection(w.db(), ObjectionTarget::entry, w.entry_of(World::company(4)), day(2026, 11, 2), "丁公司", "错误");
    resolve_objection(w.db(), objection, ObjectionOutcome::upheld, day(2026, 11, 5), kCourt, "维持");
    CheckRequest r;
    r.subject = World::company(4);
    r.scenario = "gov_procurement";
    r.as_of = day(2026, 11, 10);
    {
        const Database finance = w.db().as(Principal{kFinance, AccessRole::implementing, "张科员"});
        const Checker checker(finance); // the check is the finance bureau's: its department is the principal's
        const Decision decision = checker.check(r);
        checker.flush_log();
        Feedback on_decision = f;
        on_decision.notice_id.reset();
        on_decision.decision_id = decision.receipt.id;
        on_decision.case_ref = "采购 2026-10";
        record_feedback(w.db(), on_decision);
    }

    const auto report = credit_report(w.db(), {day(2026, 10, 1), day(2026, 11, 30), ""});
    const auto of = [&](const std::string& name) {
        for (const auto& row : report)
            if (row.department == name) return row;
        FAIL("no row for " << name);
        return DepartmentReport{};
    };
    const auto environment = of(kEnvironment);
    CHECK(environment.penalties == 2);
    CHECK(environment.published_on_time == 1);
    CHECK(environment.overdue == 1);
    const auto court = of(kCourt);
    CHECK(court.entries_added == 1);
    CHECK(court.objections_filed == 1);
    CHECK(court.objections_resolved_in_time == 1);
    const auto finance = of(kFinance);
    CHECK(finance.notices == 1);
    CHECK(finance.measures_applied == 1);
    CHECK(finance.feedback_rate == doctest::Approx(1.0));
    CHECK(finance.checks_total == 1);
    CHECK(finance.decision_feedback == 1);
    CHECK(finance.decision_measures_applied == 1);
    REQUIRE(finance.checks.size() == 1);
    CHECK(finance.checks[0].verdict == "deny");

    CHECK(credit_report(w.db(), {day(2026, 10, 1), day(2026, 11, 30), kCourt}).size() == 1);
    CHECK(status_of([&] { credit_report(w.db(), {day(2026, 11, 30), day(2026, 10, 1), ""}); }) == Status::invalid_argument);
}

TEST_CASE("a department file may carry publication dates, and a file without them never clears one") {
    World w;
    const std::string header = "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity,published_on\n";
    w.load(ImportKind::penalties, header + "鄂环罚〔2025〕1号," + World::company(1) + ",甲公司," + kEnvironment + ",2025-01-27,罚款,general,2025-02-14\n");
    PublicationQuery all;
    all.as_of = day(2025, 3, 31);
    all.overdue_only = false;
    REQUIRE(publication_status(w.db(), all).at(0).state == PublicationState::late);
    penalty(w, 1, "鄂环罚〔2025〕1号", kEnvironment, "2025-01-27", "general"); // the same record, no publication column
    CHECK(publication_status(w.db(), all).at(0).published_on == day(2025, 2, 14));
    CHECK(status_of([&] {
              w.load(ImportKind::penalties, header + "鄂环罚〔2025〕2号," + World::company(1) + ",甲公司," + kEnvironment +
                                                ",2025-01-27,罚款,general,2025-01-20\n");
          }) == Status::import_rejected);
}

TEST_CASE("statutory debarments run their full term; wage arrears may be repaired after six months") {
    World w;
    w.entries("procurement.serious_violation," + World::company(1) + ",甲公司,鄂州市财政局,鄂财采处〔2025〕1号,2025-03-03,2027-03-03,,,\n"
              "labor.wage_arrears," + World::company(2) + ",乙公司,鄂州市人力资源和社会保障局,鄂人社欠薪〔2025〕2号,2025-03-03,2028-03-03,,,\n");
    record_commitment(w.db(), {World::company(1), "鄂州市财政局", "承诺〔2025〕1号", day(2025, 4, 1), "守法经营"});
    record_commitment(w.db(), {World::company(2), "鄂州市人力资源和社会保障局", "承诺〔2025〕2号", day(2025, 4, 1), "按时支付工资"});
    RepairRequest r;
    r.target = ObjectionTarget::entry;
    r.repaired_on = day(2026, 11, 2);
    r.decided_by = "信用办";
    r.obligations_evidence = "已整改";
    r.target_id = w.entry_of(World::company(1));
    const auto debarred = repair_blockers(w.db(), r);
    REQUIRE(debarred.size() == 1);
    CHECK(debarred[0].find("minimum publicity period not passed") == 0); // 政府采购法 §77: the decision's term, in full
    r.target_id = w.entry_of(World::company(2));
    r.repaired_on = day(2025, 9, 3);
    CHECK(repair_blockers(w.db(), r).empty()); // 人社部令第45号: six months
}
