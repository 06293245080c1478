// 双公示 publication: deadlines on the working-day calendar, publication records, the day's batch, and
// the red and black lists for the credit website.
#include "credcheck/publication.hpp"

#include <fmt/format.h>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "import/csv_writer.hpp"
#include "import/exporter.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/calendar_tables.hpp"
#include "store/open_file.hpp"
#include "store/publication_tables.hpp"
#include "store/reads.hpp"
#include "store/writer.hpp"

namespace credcheck {

std::string_view to_string(PublicationState s) noexcept {
    switch (s) {
    case PublicationState::pending: return "pending";
    case PublicationState::overdue: return "overdue";
    case PublicationState::on_time: return "on_time";
    case PublicationState::late: return "late";
    case PublicationState::not_to_publish: return "not_to_publish";
    case PublicationState::deadline_unknown: return "deadline_unknown";
    }
    return "unknown";
}

namespace {

/// The state of one record on `as_of`, and how many working days it is overdue.
void classify(PublicationItem& item, const WorkingCalendar& calendar, Date as_of) {
    if (!item.terms.published && !item.published_on) {
        item.state = PublicationState::not_to_publish;
        return;
    }
    const auto& deadline = item.terms.publication_deadline;
    if (!deadline) {
        item.state = PublicationState::deadline_unknown;
        return;
    }
    if (item.published_on) {
        item.state = *item.published_on <= *deadline ? PublicationState::on_time : PublicationState::late;
        return;
    }
    if (as_of <= *deadline) {
        item.state = PublicationState::pending;
        return;
    }
    item.state = PublicationState::overdue;
    try {
        item.days_overdue = calendar.working_days_between(*deadline, as_of);
    } catch (const Error&) {
        item.days_overdue = 0; // as_of beyond the calendar: overdue, by an unknown number of working days
    }
}

} // namespace

std::vector<PublicationItem> publication_status(const Database& db, const PublicationQuery& query) {
    const std::string department = security::department_scope(db, query.department, "see the publication status");
    auto c = store::OpenFile(db).read();
    const WorkingCalendar calendar = store::read_calendar(*c);
    const PublicityRules rules = default_publicity_rules();
    std::vector<PublicationItem> out;
    for (const store::PublishableRecord& r :
         store::publishable_records(*c, {query.as_of, query.from, query.to, department, query.overdue_only})) {
        PublicationItem item;
        item.record_id = r.id;
        item.kind = r.kind;
        item.department = r.department;
        item.document_no = r.document_no;
        item.subject_code = r.subject_kind == SubjectKind::natural_person ? mask_personal_id(r.subject_code) : r.subject_code;
        item.subject_name = r.subject_name;
        item.decided_on = r.decided_on;
        item.severity = r.severity;
        item.published_on = r.published_on;
        item.terms = publicity_terms(rules, calendar, item.kind, item.decided_on, item.severity, item.department);
        classify(item, calendar, query.as_of);
        if (query.overdue_only && item.state != PublicationState::overdue) continue;
        out.push_back(std::move(item));
    }
    return out;
}

void mark_published(Database& db, const std::string& department, const std::string& document_no, Date published_on) {
    store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        const auto dept = store::department_by_key(c, department);
        if (!dept) throw Error(Status::not_found, fmt::format("no department '{}'", department));
        security::require_initiating_department(db, *dept, "record the publication of the records");
        const auto record = store::record_publication(c, dept->id, document_no);
        if (!record) throw Error(Status::not_found, fmt::format("{} has no licence or penalty {}", dept->name, document_no));
        const RecordId id = record->id;
        const Date decided = record->decided_on;
        if (record->status != RecordStatus::active)
            throw Error(Status::conflict, fmt::format("{} is {}: it is not published", document_no, to_string(record->status)));
        if (record->published_on)
            throw Error(Status::conflict, fmt::format("{} was already published on {}", document_no, record->published_on->iso()));
        if (published_on < decided)
            throw Error(Status::invalid_argument,
                        fmt::format("{} cannot be published on {}, before its decision ({})", document_no, published_on.iso(), decided.iso()));
        store::AuditScope audit(c, db.principal(), "publication.mark");
        store::Writer writer(c, store::ChangeContext{db.principal().describe(), "publication", 0});
        writer.set_published_if_unset(id, published_on);
        writer.bump_data_version();
        audit.target = fmt::format("{} {}", dept->name, document_no);
        audit.details = {{"record", id}, {"published_on", published_on.iso()}};
        audit.append();
        tx.commit();
    });
}

std::uint64_t export_publication_batch(const Database& db, ImportKind kind, Date on, FileFormat format, std::ostream& out) {
    security::require_credit_office(db, "export the publication batch");
    PublicationQuery query;
    query.as_of = on;
    query.overdue_only = false;
    std::vector<RecordId> due;
    const RecordKind wanted = kind == ImportKind::licenses ? RecordKind::license : RecordKind::penalty;
    for (const auto& item : publication_status(db, query))
        if (item.kind == wanted && !item.published_on && item.terms.published) due.push_back(item.record_id);
    auto c = store::OpenFile(db).read();
    return import::export_records_for_publication(*c, kind, due, format, out);
}

std::uint64_t export_public_list(const Database& db, ListColour colour, Date as_of, FileFormat format, std::ostream& out) {
    static const std::vector<std::string> kTitles = {"list", "list_name", "subject_name", "subject_code", "department", "document_no",
                                                     "entered_on", "expires_on", "reason", "legal_basis"};
    if (format == FileFormat::csv) write_csv_row(out, kTitles);
    std::uint64_t rows = 0;
    for (const store::PublicListRow& r : store::public_list(*store::OpenFile(db).read(), colour, as_of)) {
        // Public: a person's code masked, and any ID number written into the name, reason or basis too.
        const std::vector<std::string> fields = {
            r.list_code, r.list_name, mask_personal_ids_in_text(r.subject_name),
            r.subject_kind == SubjectKind::natural_person ? mask_personal_id(r.subject_code) : r.subject_code,
            r.department, mask_personal_ids_in_text(r.document_no), r.entered_on.iso(), r.expires_on ? r.expires_on->iso() : std::string(),
            mask_personal_ids_in_text(r.reason), mask_personal_ids_in_text(r.legal_basis)};
        if (format == FileFormat::csv) write_csv_row(out, fields);
        else import::write_jsonl_row(out, kTitles, fields);
        ++rows;
    }
    return rows;
}

} // namespace credcheck
