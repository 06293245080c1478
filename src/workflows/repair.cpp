// Credit repair (seed item 19): check the conditions, then take the record out of publication and
// checks, or end the entry and tell the implementing departments to lift its measures.
#include "credcheck/repair.hpp"

#include <fmt/format.h>
#include <variant>

#include "credcheck/citizen_id.hpp"
#include "credcheck/error.hpp"
#include "credcheck/publicity.hpp"
#include "security/permissions.hpp"
#include "store/audit_log.hpp"
#include "store/calendar_tables.hpp"
#include "store/open_file.hpp"
#include "store/enum_columns.hpp"
#include "workflows/notices.hpp"
#include "store/reads.hpp"
#include "store/writer.hpp"

namespace credcheck {

namespace {

/// What repair needs to know about the target.
struct Target {
    std::string status;
    SubjectId subject = 0;
    std::string subject_name, subject_code;
    Date since = Date::from_days(0); // decided on / entered on
    std::optional<Severity> severity;
    std::string department;
    std::string list_code; // entries
    std::string describe;
};

Target load_target(sql::Connection& c, ObjectionTarget kind, std::int64_t id) {
    Target t;
    if (kind == ObjectionTarget::record) {
        sql::Query q(c.prepared("SELECT r.status, r.subject_id, s.name, r.decided_on, r.severity, d.name, r.kind, r.document_no, s.code "
                                "FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.department_id WHERE r.id = ?"));
        q.bind(id);
        if (!q.step()) throw Error(Status::not_found, fmt::format("no record with id {} to repair", id));
        if (q.text(6) != "penalty")
            throw Error(Status::invalid_argument, fmt::format("record {} is a {}: only penalties and list entries are repaired", id, q.text(6)));
        t.status = q.text(0);
        t.subject = q.integer(1);
        t.subject_name = q.text(2);
        t.since = *q.date(3);
        t.severity = store::optional_enum_column<Severity>(q, 4);
        t.department = q.text(5);
        t.describe = fmt::format("penalty {}", q.text(7));
        t.subject_code = q.text(8);
    } else {
        sql::Query q(c.prepared("SELECT e.status, e.subject_id, s.name, e.entered_on, d.name, e.list_code, e.document_no, s.code "
                                "FROM list_entries e JOIN subjects s ON s.id = e.subject_id JOIN departments d ON d.id = e.department_id WHERE e.id = ?"));
        q.bind(id);
        if (!q.step()) throw Error(Status::not_found, fmt::format("no list entry with id {} to repair", id));
        t.status = q.text(0);
        t.subject = q.integer(1);
        t.subject_name = q.text(2);
        t.since = *q.date(3);
        t.department = q.text(4);
        t.list_code = q.text(5);
        t.describe = fmt::format("{} entry {}", q.text(5), q.text(6));
        t.subject_code = q.text(7);
    }
    return t;
}

/// The earliest day repair may be granted, or a reason it cannot be known.
std::variant<Date, std::string> earliest_repair(const Target& t, ObjectionTarget kind, const WorkingCalendar& calendar, const PublicityRules& rules) {
    if (kind == ObjectionTarget::entry) {
        const ListRepairRule* rule = rules.list_repair_rule(t.list_code);
        const int months = rule ? rule->min_months : 0;
        const auto end = calendar.period_end(t.since, months);
        return end.date;
    }
    const auto terms = publicity_terms(rules, calendar, RecordKind::penalty, t.since, t.severity, t.department);
    if (terms.earliest_repair) return terms.earliest_repair->date;
    if (terms.regime.empty()) return t.since; // decided before any regime: no minimum period applies
    return "the minimum publicity period is unknown: " + terms.note;
}

std::optional<RecordId> commitment_of(sql::Connection& c, const Target& t, const RepairRequest& r) {
    if (r.commitment) {
        sql::Query q(c.prepared("SELECT 1 FROM records WHERE id = ? AND subject_id = ? AND kind = 'commitment' AND status = 'active'"));
        q.bind(*r.commitment).bind(t.subject);
        if (!q.step())
            throw Error(Status::not_found, fmt::format("record {} is no active credit commitment of {}", *r.commitment, t.subject_name));
        return r.commitment;
    }
    sql::Query q(c.prepared("SELECT id FROM records WHERE subject_id = ? AND kind = 'commitment' AND status = 'active' "
                            "AND decided_on >= ? AND decided_on <= ? ORDER BY decided_on DESC, id DESC LIMIT 1"));
    q.bind(t.subject).bind(t.since).bind(r.repaired_on);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
}

struct Assessment {
    Target target;
    std::optional<RecordId> commitment;
    std::vector<std::string> blockers;
};

Assessment assess(sql::Connection& c, const RepairRequest& r) {
    Assessment a{load_target(c, r.target, r.target_id), std::nullopt, {}};
    const Target& t = a.target;
    if (t.status != "active") a.blockers.push_back(fmt::format("{} is {}, not active", t.describe, t.status));
    {
        sql::Query q(c.prepared("SELECT id FROM objections WHERE target_kind = ? AND target_id = ? AND status = 'pending'"));
        q.bind(to_string(r.target)).bind(r.target_id);
        if (q.step()) a.blockers.push_back(fmt::format("objection #{} to it is still being verified", q.integer(0)));
    }
    const auto earliest = earliest_repair(t, r.target, store::read_calendar(c), default_publicity_rules());
    if (const auto* day = std::get_if<Date>(&earliest); day && r.repaired_on < *day)
        a.blockers.push_back(fmt::format("minimum publicity period not passed: repair possible from {}", day->iso()));
    else if (const auto* why = std::get_if<std::string>(&earliest))
        a.blockers.push_back(*why);
    if (r.obligations_evidence.empty()) a.blockers.push_back("obligations not shown fulfilled: give the evidence (receipt, performance, rectification)");
    a.commitment = commitment_of(c, t, r);
    if (!a.commitment)
        a.blockers.push_back(fmt::format("no credit commitment (信用承诺) of {} recorded between {} and {}", t.subject_name, t.since.iso(),
                                         r.repaired_on.iso()));
    return a;
}

} // namespace

RecordId record_commitment(Database& db, const Commitment& commitment) {
    if (commitment.subject.empty() || commitment.department.empty() || commitment.document_no.empty())
        throw Error(Status::invalid_argument, "a credit commitment needs the subject, the receiving department and its reference");
    // A commitment is recorded by the department that receives it (its own initiating principal) or the
    // credit office: an implementing department checks and answers notices, nothing else.
    security::require(db.principal(), db.principal().role == AccessRole::credit_office || db.principal().role == AccessRole::initiating,
                      "record a credit commitment");
    const auto subject = db.find_subject(commitment.subject);
    if (!subject) throw Error(Status::not_found, fmt::format("no subject with code {}", mask_personal_id(commitment.subject)));
    return store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        store::Writer writer(c, store::ChangeContext{db.principal().describe(), "commitment", 0});
        if (db.principal().role == AccessRole::initiating) writer.restrict_departments_to(db.principal().department);
        const DepartmentId department = writer.department(commitment.department, std::nullopt);
        {
            sql::Query q(c.prepared("SELECT id, subject_id FROM records WHERE kind = 'commitment' AND department_id = ? AND document_no = ?"));
            q.bind(department).bind(commitment.document_no);
            if (q.step()) {
                if (q.integer(1) != subject->id)
                    throw Error(Status::conflict, fmt::format("commitment {} of {} belongs to another subject", commitment.document_no, commitment.department));
                return q.integer(0);
            }
        }
        sql::Query q(c.prepared("INSERT INTO records (kind, subject_id, department_id, document_no, decided_on, content) "
                                "VALUES ('commitment', ?, ?, ?, ?, ?)"));
        q.bind(subject->id).bind(department).bind(commitment.document_no).bind(commitment.signed_on).bind(commitment.content).run();
        const RecordId id = c.last_insert_rowid();
        writer.bump_data_version();
        store::AuditScope audit(c, db.principal(), "commitment");
        audit.subject = subject->code;
        audit.target = fmt::format("record {}", id);
        audit.details = {{"department", commitment.department}, {"document_no", commitment.document_no},
                         {"signed_on", commitment.signed_on.iso()}, {"content", commitment.content}};
        audit.append();
        tx.commit();
        return id;
    });
}

std::vector<std::string> repair_blockers(const Database& db, const RepairRequest& request) {
    security::require_not_public(db, "assess a repair");
    return assess(*store::OpenFile(db).read(), request).blockers;
}

RepairResult repair(Database& db, const RepairRequest& request) {
    if (request.decided_by.empty()) throw Error(Status::invalid_argument, "a repair needs who decided it");
    return store::OpenFile(db).write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        store::AuditScope audit(c, db.principal(), "repair");
        const Assessment a = assess(c, request);
        security::require_initiating_department(db, *store::department_by_key(c, a.target.department), "repair the records and entries");
        if (!a.blockers.empty()) {
            std::string all;
            for (const auto& b : a.blockers) all += (all.empty() ? "" : "; ") + b;
            throw Error(Status::conflict, fmt::format("{} cannot be repaired on {}: {}", a.target.describe, request.repaired_on.iso(), all));
        }
        RepairResult result;
        result.commitment = *a.commitment;
        {
            sql::Query q(c.prepared("INSERT INTO repairs (target_kind, target_id, repaired_on, decided_by, obligations_evidence, commitment_record_id) "
                                    "VALUES (?, ?, ?, ?, ?, ?)"));
            q.bind(to_string(request.target)).bind(request.target_id).bind(request.repaired_on).bind(request.decided_by)
                .bind(request.obligations_evidence).bind(result.commitment).run();
            result.repair_id = c.last_insert_rowid();
        }
        store::Writer writer(c, store::ChangeContext{request.decided_by, fmt::format("repair #{}", result.repair_id), 0});
        if (request.target == ObjectionTarget::record) {
            sql::Query q(c.prepared("UPDATE records SET status = 'repaired' WHERE id = ?"));
            q.bind(request.target_id).run();
            writer.record_update("records", request.target_id, R"({"status": ["active", "repaired"]})");
        } else {
            sql::Query q(c.prepared("UPDATE list_entries SET status = 'repaired', ended_on = ? WHERE id = ?"));
            q.bind(request.repaired_on).bind(request.target_id).run();
            writer.record_update("list_entries", request.target_id, R"({"status": ["active", "repaired"]})");
            result.notices = workflows::send_due_notices(c, request.repaired_on, store::OpenFile(db).today());
        }
        writer.bump_data_version();
        audit.subject = a.target.subject_code;
        audit.target = a.target.describe;
        audit.details = {{"repair", result.repair_id}, {"repaired_on", request.repaired_on.iso()}, {"decided_by", request.decided_by},
                         {"obligations_evidence", request.obligations_evidence}, {"commitment_record", result.commitment},
                         {"lift_notices", result.notices.lift}};
        audit.append();
        tx.commit();
        return result;
    });
}

} // namespace credcheck
