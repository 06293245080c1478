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
#include "store/enum_columns.hpp"
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
    sql::Query q(c->prepared(
        "SELECT r.id, r.kind, d.name, r.document_no, s.code, s.kind, s.name, r.decided_on, r.severity, r.published_on "
        "FROM records r JOIN departments d ON d.id = r.department_id JOIN subjects s ON s.id = r.subject_id "
        "WHERE (r.kind = 'license' OR r.kind = 'penalty') AND r.status = 'active' AND (NOT ?1 OR r.published_on IS NULL) "
        "  AND (?2 = '' OR d.name = ?2 OR d.code = ?2 OR d.uscc = ?2) "
        "  AND (?3 IS NULL OR r.decided_on >= ?3) AND (?4 IS NULL OR r.decided_on <= ?4) AND r.decided_on <= ?5 "
        "ORDER BY r.decided_on, r.id"));
    q.bind(query.overdue_only ? 1 : 0).bind(department).bind(query.from).bind(query.to).bind(query.as_of);
    std::vector<PublicationItem> out;
    while (q.step()) {
        PublicationItem item;
        item.record_id = q.integer(0);
        item.kind = store::enum_column<RecordKind>(q, 1);
        item.department = q.text(2);
        item.document_no = q.text(3);
        const bool person = q.text(5) == "natural_person";
        item.subject_code = person ? mask_personal_id(q.text(4)) : std::string(q.text(4));
        item.subject_name = q.text(6);
        item.decided_on = *q.date(7);
        item.severity = store::optional_enum_column<Severity>(q, 8);
        item.published_on = q.date(9);
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
        sql::Query q(c.prepared("SELECT id, decided_on, status, published_on FROM records "
                                "WHERE department_id = ? AND document_no = ? AND (kind = 'license' OR kind = 'penalty')"));
        q.bind(dept->id).bind(document_no);
        if (!q.step()) throw Error(Status::not_found, fmt::format("{} has no licence or penalty {}", dept->name, document_no));
        const RecordId id = q.integer(0);
        const Date decided = *q.date(1);
        if (q.text(2) != "active") throw Error(Status::conflict, fmt::format("{} is {}: it is not published", document_no, q.text(2)));
        if (!q.is_null(3)) throw Error(Status::conflict, fmt::format("{} was already published on {}", document_no, q.text(3)));
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
    auto c = store::OpenFile(db).read();
    sql::Query q(c->prepared(
        "SELECT e.list_code, l.name, s.name, s.code, s.kind, d.name, e.document_no, e.entered_on, coalesce(e.expires_on, ''), e.reason, e.legal_basis "
        "FROM list_entries e JOIN lists l ON l.code = e.list_code JOIN subjects s ON s.id = e.subject_id "
        "JOIN departments d ON d.id = e.department_id "
        "WHERE l.colour = ?1 AND e.status = 'active' AND e.entered_on <= ?2 AND (e.expires_on IS NULL OR e.expires_on > ?2) "
        "ORDER BY e.list_code, e.entered_on, s.code"));
    q.bind(to_string(colour)).bind(as_of);
    if (format == FileFormat::csv) import::write_csv_row(out, kTitles);
    std::uint64_t rows = 0;
    std::vector<std::string> fields(kTitles.size());
    while (q.step()) {
        const bool person = q.text(4) == "natural_person";
        // Public: a person's code masked, and any ID number written into the reason or basis too.
        fields = {std::string(q.text(0)), std::string(q.text(1)), mask_personal_ids_in_text(q.text(2)),
                  person ? mask_personal_id(q.text(3)) : std::string(q.text(3)),
                  std::string(q.text(5)), mask_personal_ids_in_text(q.text(6)), std::string(q.text(7)), std::string(q.text(8)),
                  mask_personal_ids_in_text(q.text(9)), mask_personal_ids_in_text(q.text(10))};
        if (format == FileFormat::csv) import::write_csv_row(out, fields);
        else import::write_jsonl_row(out, kTitles, fields);
        ++rows;
    }
    return rows;
}

} // namespace credcheck
