// Serious-dishonesty entries pushed to the provincial platform within 7 working days (seed item 13).
#include "credcheck/push.hpp"

#include <fmt/format.h>

#include "credcheck/calendar.hpp"
#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "import/csv_writer.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/calendar_tables.hpp"
#include "store/open_file.hpp"
#include "store/entry_pushes.hpp"
#include "util/clock.hpp"

namespace credcheck {

std::string_view to_string(PushState s) noexcept {
    switch (s) {
    case PushState::pending: return "pending";
    case PushState::overdue: return "overdue";
    case PushState::on_time: return "on_time";
    case PushState::late: return "late";
    case PushState::deadline_unknown: return "deadline_unknown";
    }
    return "unknown";
}

namespace {

PushItem item_of(const store::BlackEntry& e, const WorkingCalendar& calendar, Date as_of) {
    PushItem item;
    item.entry_id = e.id;
    item.list_code = e.list_code;
    item.list_name = e.list_name;
    item.department = e.department;
    item.document_no = e.document_no;
    item.subject_kind = parse_enum<SubjectKind>(e.subject_kind).value_or(SubjectKind::legal_person);
    item.subject_code = item.subject_kind == SubjectKind::natural_person ? mask_personal_id(e.subject_code) : e.subject_code;
    item.subject_name = e.subject_name;
    item.entered_on = Date::parse_or_throw(e.entered_on, "entered_on");
    if (e.pushed_on) item.pushed_on = Date::parse_or_throw(*e.pushed_on, "pushed_on");
    try {
        item.deadline = calendar.add_working_days(item.entered_on, kPushWorkingDays);
    } catch (const Error& error) {
        if (error.status() != Status::calendar_not_covered) throw;
    }
    if (!item.deadline) item.state = PushState::deadline_unknown;
    else if (item.pushed_on) item.state = *item.pushed_on <= *item.deadline ? PushState::on_time : PushState::late;
    else if (as_of <= *item.deadline) item.state = PushState::pending;
    else {
        item.state = PushState::overdue;
        try {
            item.days_overdue = calendar.working_days_between(*item.deadline, as_of);
        } catch (const Error&) {
            item.days_overdue = 0; // as_of beyond the calendar: overdue by an unknown number of working days
        }
    }
    return item;
}

} // namespace

std::vector<PushItem> push_status(const Database& db, const PushQuery& query) {
    const std::string department = security::department_scope(db, query.department, "see the provincial push status");
    auto c = store::OpenFile(db).read();
    const WorkingCalendar calendar = store::read_calendar(*c);
    std::vector<PushItem> out;
    store::each_black_entry(*c, query.as_of.iso(), department, query.overdue_only, [&](const store::BlackEntry& e) {
        PushItem item = item_of(e, calendar, query.as_of);
        if (!query.overdue_only || item.state == PushState::overdue) out.push_back(std::move(item));
    });
    return out;
}

void mark_pushed(Database& db, EntryId entry, Date pushed_on) {
    security::require_credit_office(db, "record a push to the provincial platform");
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const auto e = store::black_entry(c, entry);
        if (!e) throw Error(Status::not_found, fmt::format("no active black-list entry {} (only serious-dishonesty entries are pushed)", entry));
        if (e->pushed_on) throw Error(Status::conflict, fmt::format("entry {} was pushed on {}", entry, *e->pushed_on));
        if (pushed_on < Date::parse_or_throw(e->entered_on, "entered_on"))
            throw Error(Status::invalid_argument, fmt::format("entry {} cannot be pushed on {}, before it was entered ({})", entry, pushed_on.iso(), e->entered_on));
        store::record_push(c, entry, pushed_on.iso(), db.principal().describe(), utc_timestamp());
        store::AuditScope audit(c, db.principal(), "push.mark");
        audit.subject = e->subject_kind == "natural_person" ? mask_personal_id(e->subject_code) : e->subject_code;
        audit.target = fmt::format("entry {}", entry);
        audit.details = {{"entry", entry}, {"list", e->list_code}, {"document_no", e->document_no}, {"pushed_on", pushed_on.iso()}};
        audit.append();
        tx.commit();
    });
}

std::uint64_t export_push_batch(const Database& db, Date on, FileFormat format, bool unmasked, std::ostream& out) {
    security::require_credit_office(db, "export the provincial push batch");
    if (unmasked && !db.principal().sees_full_ids())
        throw Error(Status::permission_denied, fmt::format("{} may not see citizen ID numbers in full", db.principal().describe()));
    static const std::vector<std::string> kTitles = {"名单代码", "名单名称", "主体名称", "主体类别", "统一社会信用代码", "证件号码", "认定部门",
                                                     "认定部门统一社会信用代码", "认定文书号", "列入日期", "有效期至", "列入事由", "认定依据",
                                                     "推送截止日期"};
    auto c = store::OpenFile(db).read();
    const WorkingCalendar calendar = store::read_calendar(*c);
    if (format == FileFormat::csv) import::write_csv_row(out, kTitles);
    std::uint64_t rows = 0;
    store::each_black_entry(*c, on.iso(), "", true, [&](const store::BlackEntry& e) {
        const PushItem item = item_of(e, calendar, on);
        const bool person = item.subject_kind == SubjectKind::natural_person;
        const auto text = [&](const std::string& s) { return unmasked ? s : mask_personal_ids_in_text(s); };
        const std::vector<std::string> fields = {e.list_code,
                                                 e.list_name,
                                                 text(e.subject_name),
                                                 std::string(to_string(item.subject_kind)),
                                                 person ? "" : e.subject_code,
                                                 person ? (unmasked ? e.subject_code : mask_personal_id(e.subject_code)) : "",
                                                 e.department,
                                                 e.department_uscc,
                                                 text(e.document_no),
                                                 e.entered_on,
                                                 e.expires_on,
                                                 text(e.reason),
                                                 text(e.legal_basis),
                                                 item.deadline ? item.deadline->iso() : ""};
        if (format == FileFormat::csv) import::write_csv_row(out, fields);
        else import::write_jsonl_row(out, kTitles, fields);
        ++rows;
    });
    return rows;
}

} // namespace credcheck
