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
#include "store/objection_tables.hpp"
#include "workflows/notices.hpp"
#include "store/reads.hpp"
#include "store/repair_tables.hpp"
#include "store/writer.hpp"

namespace credcheck {

namespace {

/// What repair needs to know about the target, described in words.
struct Target : store::RepairTarget {
    std::string describe;
};

Target load_target(sql::Connection& c, ObjectionTarget kind, std::int64_t id) {
    auto found = store::repair_target(c, kind, id);
    if (!found)
        throw Error(Status::not_found, fmt::format("no {} with id {} to repair", kind == ObjectionTarget::record ? "record" : "list entry", id));
    if (kind == ObjectionTarget::record && found->record_kind != RecordKind::penalty)
        throw Error(Status::invalid_argument,
                    fmt::format("record {} is a {}: only penalties and list entries are repaired", id, to_string(found->record_kind)));
    Target t{std::move(*found), {}};
    t.describe = kind == ObjectionTarget::record ? fmt::format("penalty {}", t.document_no) : fmt::format("{} entry {}", t.list_code, t.document_no);
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
        if (!store::is_active_commitment(c, *r.commitment, t.subject))
            throw Error(Status::not_found, fmt::format("record {} is no active credit commitment of {}", *r.commitment, t.subject_name));
        return r.commitment;
    }
    return store::latest_commitment(c, t.subject, t.since, r.repaired_on);
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
    if (const auto pending = store::pending_objection(c, r.target, r.target_id))
        a.blockers.push_back(fmt::format("objection #{} to it is still being verified", *pending));
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
        if (const auto existing = store::commitment_by_document(c, department, commitment.document_no)) {
            if (existing->subject != subject->id)
                throw Error(Status::conflict, fmt::format("commitment {} of {} belongs to another subject", commitment.document_no, commitment.department));
            return existing->id;
        }
        const RecordId id = store::insert_commitment(c, subject->id, department, commitment.document_no, commitment.signed_on, commitment.content);
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
        result.repair_id = store::insert_repair(c, request.target, request.target_id, request.repaired_on, request.decided_by,
                                                request.obligations_evidence, result.commitment);
        store::Writer writer(c, store::ChangeContext{request.decided_by, fmt::format("repair #{}", result.repair_id), 0});
        store::set_target_status(c, request.target, request.target_id, "repaired", request.repaired_on);
        writer.record_update(request.target == ObjectionTarget::record ? "records" : "list_entries", request.target_id,
                             R"({"status": ["active", "repaired"]})");
        if (request.target == ObjectionTarget::entry) result.notices = workflows::send_due_notices(c, request.repaired_on, store::OpenFile(db).today());
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
