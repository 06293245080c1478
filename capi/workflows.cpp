// The C ABI of the workflows: calendar, dispatch and feedback, objections, repair, publication and
// reports. Like credcheck.cpp, a thin translation: lists come back as the JSON the CLI prints.
#define CREDCHECK_BUILDING 1
#include "credcheck.h"

#include <fstream>
#include <string_view>
#include <vector>

#include "capi_internal.hpp"
#include "credcheck/audit.hpp"
#include "credcheck/calendar.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/import.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/repair.hpp"
#include "credcheck/report.hpp"
#include "serialize/workflow_json.hpp"

using credcheck::Date;
using credcheck::capi::fail;
using credcheck::capi::guarded_db;

namespace {

std::string text_or_empty(const char* s) { return s ? s : ""; }

/// A date argument; NULL means today.
Date date_or_today(const char* text, const char* what) { return text ? Date::parse_or_throw(text, what) : Date::today(); }

/// Hands a JSON document to the caller.
int give_json(char** out_json, const nlohmann::ordered_json& json, const char* function) {
    *out_json = credcheck::capi::malloc_copy(json.dump());
    if (*out_json == nullptr) return fail(CREDCHECK_OUT_OF_MEMORY, std::string(function) + ": out of memory");
    return CREDCHECK_OK;
}

credcheck::ObjectionTarget target_of(const char* target, const char* function) {
    const std::string_view t = target ? target : "";
    if (t == "entry") return credcheck::ObjectionTarget::entry;
    if (t == "record") return credcheck::ObjectionTarget::record;
    throw credcheck::Error(credcheck::Status::invalid_argument, std::string(function) + ": target '" + std::string(t) + "' is not entry or record");
}

credcheck::FileFormat format_of(const char* format, const char* function) {
    const std::string_view f = format ? format : "csv";
    if (f == "csv") return credcheck::FileFormat::csv;
    if (f == "jsonl") return credcheck::FileFormat::jsonl;
    throw credcheck::Error(credcheck::Status::invalid_argument, std::string(function) + ": format '" + std::string(f) + "' is not csv or jsonl");
}

std::ofstream output_file(const char* path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw credcheck::Error(credcheck::Status::io_error, std::string("cannot write ") + path);
    return out;
}

credcheck::RepairRequest repair_request_from(const credcheck_repair_request* r, const char* function) {
    credcheck::RepairRequest out;
    out.target = target_of(r->target, function);
    out.target_id = r->target_id;
    out.repaired_on = date_or_today(r->repaired_on, "repaired_on");
    out.decided_by = text_or_empty(r->decided_by);
    out.obligations_evidence = text_or_empty(r->obligations_evidence);
    if (r->commitment_record_id != 0) out.commitment = r->commitment_record_id;
    return out;
}

} // namespace

extern "C" {

int credcheck_calendar_load(credcheck_db* db, const char* tsv_path) {
    return guarded_db(db, "credcheck_calendar_load", [&]() -> int {
        if (db == nullptr || tsv_path == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_calendar_load: db and tsv_path must not be NULL");
        std::ifstream in(tsv_path, std::ios::binary);
        if (!in) return fail(CREDCHECK_NOT_FOUND, std::string("cannot read calendar file ") + tsv_path);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        credcheck::load_calendar(db->db, credcheck::parse_calendar(text, tsv_path), tsv_path);
        return CREDCHECK_OK;
    });
}

int credcheck_is_working_day(credcheck_db* db, int* out_working, const char* date) {
    return guarded_db(db, "credcheck_is_working_day", [&]() -> int {
        if (db == nullptr || out_working == nullptr || date == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_is_working_day: no argument may be NULL");
        *out_working = credcheck::installed_calendar(db->db).is_working_day(Date::parse_or_throw(date, "date")) ? 1 : 0;
        return CREDCHECK_OK;
    });
}

int credcheck_add_working_days(credcheck_db* db, char out_date[CREDCHECK_DATE_SIZE], const char* from, int n) {
    return guarded_db(db, "credcheck_add_working_days", [&]() -> int {
        if (db == nullptr || out_date == nullptr || from == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_add_working_days: no argument may be NULL");
        const std::string day = credcheck::installed_calendar(db->db).add_working_days(Date::parse_or_throw(from, "from"), n).iso();
        std::memcpy(out_date, day.c_str(), CREDCHECK_DATE_SIZE);
        return CREDCHECK_OK;
    });
}

int credcheck_working_days_between(credcheck_db* db, int* out_days, const char* from, const char* to) {
    return guarded_db(db, "credcheck_working_days_between", [&]() -> int {
        if (db == nullptr || out_days == nullptr || from == nullptr || to == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_working_days_between: no argument may be NULL");
        *out_days = credcheck::installed_calendar(db->db).working_days_between(Date::parse_or_throw(from, "from"), Date::parse_or_throw(to, "to"));
        return CREDCHECK_OK;
    });
}

int credcheck_routes_set(credcheck_db* db, const char* measure, const char* const* departments, size_t count, const char* as_of, const char* actor) {
    return guarded_db(db, "credcheck_routes_set", [&]() -> int {
        if (db == nullptr || measure == nullptr || actor == nullptr || (departments == nullptr && count > 0))
            return fail(CREDCHECK_MISUSE, "credcheck_routes_set: db, measure, departments and actor must not be NULL");
        std::vector<credcheck::MeasureRoute> routes;
        for (size_t i = 0; i < count; ++i) {
            if (departments[i] == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_routes_set: department #" + std::to_string(i + 1) + " is NULL");
            routes.push_back({measure, departments[i], std::nullopt});
        }
        if (routes.empty()) return fail(CREDCHECK_INVALID_ARGUMENT, "credcheck_routes_set: name at least one department");
        credcheck::set_measure_routes(db->db, routes, date_or_today(as_of, "as_of"), actor);
        return CREDCHECK_OK;
    });
}

int credcheck_dispatch(credcheck_db* db, long long* out_apply, long long* out_lift, const char* as_of) {
    return guarded_db(db, "credcheck_dispatch", [&]() -> int {
        if (db == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_dispatch: db must not be NULL");
        const auto counts = credcheck::dispatch_notices(db->db, date_or_today(as_of, "as_of"));
        if (out_apply) *out_apply = counts.apply;
        if (out_lift) *out_lift = counts.lift;
        return CREDCHECK_OK;
    });
}

int credcheck_inbox_json(credcheck_db* db, char** out_json, const char* department, int include_answered) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded_db(db, "credcheck_inbox_json", [&]() -> int {
        if (db == nullptr || out_json == nullptr || department == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_inbox_json: no argument may be NULL");
        return give_json(out_json, credcheck::serialize::notices_json(credcheck::inbox(db->db, department, include_answered != 0)), "credcheck_inbox_json");
    });
}

int credcheck_dispatch_status_json(credcheck_db* db, char** out_json, const char* department) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded_db(db, "credcheck_dispatch_status_json", [&]() -> int {
        if (db == nullptr || out_json == nullptr || department == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_dispatch_status_json: no argument may be NULL");
        return give_json(out_json, credcheck::serialize::dispatch_status_json(credcheck::dispatch_status(db->db, department)),
                         "credcheck_dispatch_status_json");
    });
}

int credcheck_feedback_record(credcheck_db* db, long long* out_id, const credcheck_feedback* f) {
    return guarded_db(db, "credcheck_feedback_record", [&]() -> int {
        if (db == nullptr || out_id == nullptr || f == nullptr || f->size < sizeof(credcheck_feedback))
            return fail(CREDCHECK_MISUSE, "credcheck_feedback_record: db and out_id must not be NULL, feedback must be initialised with CREDCHECK_FEEDBACK_INIT");
        credcheck::Feedback feedback;
        if (f->notice_id != 0) feedback.notice_id = f->notice_id;
        feedback.decision_id = text_or_empty(f->decision_id);
        feedback.measure_code = text_or_empty(f->measure);
        feedback.department = text_or_empty(f->department);
        const auto outcome = credcheck::parse_enum<credcheck::FeedbackOutcome>(text_or_empty(f->outcome));
        if (!outcome)
            return fail(CREDCHECK_INVALID_ARGUMENT, "credcheck_feedback_record: outcome '" + text_or_empty(f->outcome) + "' is not one of " +
                                                        credcheck::enum_names<credcheck::FeedbackOutcome>());
        feedback.outcome = *outcome;
        feedback.reason = text_or_empty(f->reason);
        feedback.officer = text_or_empty(f->officer);
        feedback.decided_on = date_or_today(f->decided_on, "decided_on");
        feedback.case_ref = text_or_empty(f->case_ref);
        if (!feedback.decision_id.empty()) db->checker.flush_log(); // the decision may still wait in the log's queue
        *out_id = credcheck::record_feedback(db->db, feedback);
        return CREDCHECK_OK;
    });
}

int credcheck_objection_correct(credcheck_db* db, long long id, const char* resolved_on, const char* resolved_by, const char* resolution,
                                const char* const* columns, const char* const* values, size_t count) {
    return guarded_db(db, "credcheck_objection_correct", [&]() -> int {
        if (db == nullptr || resolved_by == nullptr || resolution == nullptr || ((columns == nullptr || values == nullptr) && count > 0))
            return fail(CREDCHECK_MISUSE, "credcheck_objection_correct: db, resolved_by, resolution, columns and values must not be NULL");
        std::vector<credcheck::Correction> corrections;
        for (size_t i = 0; i < count; ++i) {
            if (columns[i] == nullptr || values[i] == nullptr)
                return fail(CREDCHECK_MISUSE, "credcheck_objection_correct: correction #" + std::to_string(i + 1) + " is NULL");
            corrections.push_back({columns[i], values[i]});
        }
        credcheck::resolve_objection(db->db, id, credcheck::ObjectionOutcome::corrected, date_or_today(resolved_on, "resolved_on"), resolved_by,
                                     resolution, corrections);
        return CREDCHECK_OK;
    });
}

int credcheck_objections_json(credcheck_db* db, char** out_json, int pending_only, const char* overdue_on, const char* department) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded_db(db, "credcheck_objections_json", [&]() -> int {
        if (db == nullptr || out_json == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_objections_json: db and out_json must not be NULL");
        credcheck::ObjectionQuery q;
        q.pending_only = pending_only != 0;
        if (overdue_on) q.overdue_on = Date::parse_or_throw(overdue_on, "overdue_on");
        q.department = text_or_empty(department);
        return give_json(out_json, credcheck::serialize::objections_json(credcheck::list_objections(db->db, q)), "credcheck_objections_json");
    });
}

int credcheck_objection_set_days(credcheck_db* db, int days) {
    return guarded_db(db, "credcheck_objection_set_days", [&]() -> int {
        if (db == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_objection_set_days: db must not be NULL");
        credcheck::set_objection_verification_days(db->db, days);
        return CREDCHECK_OK;
    });
}

int credcheck_commitment_record(credcheck_db* db, long long* out_record_id, const char* subject, const char* department, const char* document_no,
                                const char* signed_on, const char* content, const char* actor) {
    return guarded_db(db, "credcheck_commitment_record", [&]() -> int {
        if (db == nullptr || out_record_id == nullptr || subject == nullptr || department == nullptr || document_no == nullptr || actor == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_commitment_record: only signed_on and content may be NULL");
        *out_record_id = credcheck::record_commitment(
            db->db, {subject, department, document_no, date_or_today(signed_on, "signed_on"), text_or_empty(content)}, actor);
        return CREDCHECK_OK;
    });
}

int credcheck_repair_blockers_json(credcheck_db* db, char** out_json, const credcheck_repair_request* request) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded_db(db, "credcheck_repair_blockers_json", [&]() -> int {
        if (db == nullptr || out_json == nullptr || request == nullptr || request->size < sizeof(credcheck_repair_request))
            return fail(CREDCHECK_MISUSE, "credcheck_repair_blockers_json: db and out_json must not be NULL, request initialised with CREDCHECK_REPAIR_REQUEST_INIT");
        const auto blockers = credcheck::repair_blockers(db->db, repair_request_from(request, "credcheck_repair_blockers_json"));
        return give_json(out_json, nlohmann::ordered_json(blockers), "credcheck_repair_blockers_json");
    });
}

int credcheck_repair(credcheck_db* db, long long* out_repair_id, const credcheck_repair_request* request) {
    return guarded_db(db, "credcheck_repair", [&]() -> int {
        if (db == nullptr || out_repair_id == nullptr || request == nullptr || request->size < sizeof(credcheck_repair_request))
            return fail(CREDCHECK_MISUSE, "credcheck_repair: db and out_repair_id must not be NULL, request initialised with CREDCHECK_REPAIR_REQUEST_INIT");
        *out_repair_id = credcheck::repair(db->db, repair_request_from(request, "credcheck_repair")).repair_id;
        return CREDCHECK_OK;
    });
}

int credcheck_publication_json(credcheck_db* db, char** out_json, const char* as_of, const char* department, int overdue_only) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded_db(db, "credcheck_publication_json", [&]() -> int {
        if (db == nullptr || out_json == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_publication_json: db and out_json must not be NULL");
        credcheck::PublicationQuery q;
        q.as_of = date_or_today(as_of, "as_of");
        q.department = text_or_empty(department);
        q.overdue_only = overdue_only != 0;
        return give_json(out_json, credcheck::serialize::publication_json(credcheck::publication_status(db->db, q)), "credcheck_publication_json");
    });
}

int credcheck_mark_published(credcheck_db* db, const char* department, const char* document_no, const char* published_on, const char* actor) {
    return guarded_db(db, "credcheck_mark_published", [&]() -> int {
        if (db == nullptr || department == nullptr || document_no == nullptr || actor == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_mark_published: only published_on may be NULL");
        credcheck::mark_published(db->db, department, document_no, date_or_today(published_on, "published_on"), actor);
        return CREDCHECK_OK;
    });
}

int credcheck_publication_batch(credcheck_db* db, long long* out_rows, const char* kind, const char* on, const char* format, const char* path) {
    return guarded_db(db, "credcheck_publication_batch", [&]() -> int {
        if (db == nullptr || kind == nullptr || path == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_publication_batch: db, kind and path must not be NULL");
        const auto parsed = credcheck::parse_import_kind(kind);
        if (!parsed) return fail(CREDCHECK_INVALID_ARGUMENT, std::string("credcheck_publication_batch: kind '") + kind + "' is not licenses or penalties");
        auto out = output_file(path);
        const auto rows = credcheck::export_publication_batch(db->db, *parsed, date_or_today(on, "on"), format_of(format, "credcheck_publication_batch"), out);
        if (out_rows) *out_rows = static_cast<long long>(rows);
        return CREDCHECK_OK;
    });
}

int credcheck_public_list_export(credcheck_db* db, long long* out_rows, const char* colour, const char* as_of, const char* format, const char* path) {
    return guarded_db(db, "credcheck_public_list_export", [&]() -> int {
        if (db == nullptr || colour == nullptr || path == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_public_list_export: db, colour and path must not be NULL");
        const std::string_view c = colour;
        if (c != "red" && c != "black")
            return fail(CREDCHECK_INVALID_ARGUMENT, std::string("credcheck_public_list_export: colour '") + colour + "' is not red or black");
        auto out = output_file(path);
        const auto rows = credcheck::export_public_list(db->db, c == "red" ? credcheck::ListColour::red : credcheck::ListColour::black,
                                                        date_or_today(as_of, "as_of"), format_of(format, "credcheck_public_list_export"), out);
        if (out_rows) *out_rows = static_cast<long long>(rows);
        return CREDCHECK_OK;
    });
}

int credcheck_report_json(credcheck_db* db, char** out_json, const char* from, const char* to, const char* department) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded_db(db, "credcheck_report_json", [&]() -> int {
        if (db == nullptr || out_json == nullptr || from == nullptr || to == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_report_json: db, out_json, from and to must not be NULL");
        credcheck::ReportQuery q{Date::parse_or_throw(from, "from"), Date::parse_or_throw(to, "to"), text_or_empty(department)};
        return give_json(out_json, credcheck::serialize::report_json(credcheck::credit_report(db->db, q)), "credcheck_report_json");
    });
}

int credcheck_audit_verify_json(credcheck_db* db, char** out_json) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded_db(db, "credcheck_audit_verify_json", [&]() -> int {
        if (db == nullptr || out_json == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_audit_verify_json: db and out_json must not be NULL");
        const auto v = credcheck::verify_audit(db->db);
        const nlohmann::ordered_json json = {{"intact", v.intact},
                                             {"entries", v.entries},
                                             {"first_broken", v.first_broken ? nlohmann::ordered_json(*v.first_broken) : nlohmann::ordered_json()},
                                             {"problem", v.problem},
                                             {"algorithm", v.algorithm},
                                             {"head", v.head}};
        return give_json(out_json, json, "credcheck_audit_verify_json");
    });
}

int credcheck_audit_json(credcheck_db* db, char** out_json, const char* subject, const char* department, const char* decision_id,
                         const char* from, const char* to) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded_db(db, "credcheck_audit_json", [&]() -> int {
        if (db == nullptr || out_json == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_audit_json: db and out_json must not be NULL");
        credcheck::AuditQuery q;
        q.subject = text_or_empty(subject);
        q.department = text_or_empty(department);
        q.decision_id = text_or_empty(decision_id);
        if (from) q.from = Date::parse_or_throw(from, "from");
        if (to) q.to = Date::parse_or_throw(to, "to");
        return give_json(out_json, credcheck::serialize::audit_json(credcheck::audit_entries(db->db, q)), "credcheck_audit_json");
    });
}

} // extern "C"
