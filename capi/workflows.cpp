// The C ABI of the workflows: calendar, dispatch and feedback, objections, commitments and repair,
// publication, reports and the audit trail. Like credcheck.cpp, a thin translation: lists come back
// as the JSON the command line prints.
#define CREDCHECK_BUILDING 1
#include "credcheck.h"

#include <fstream>
#include <string_view>
#include <vector>

#include "capi_internal.hpp"
#include "credcheck/audit.hpp"
#include "credcheck/calendar.hpp"
#include "credcheck/installed_calendar.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/import.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/repair.hpp"
#include "credcheck/report.hpp"
#include "enums.hpp"
#include "credcheck/json.hpp"

using credcheck::Date;
using credcheck::capi::fail;
using credcheck::capi::of;
using credcheck::capi::guarded;
using credcheck::capi::misuse;
using credcheck::capi::read_struct;

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

/// Out-pointers of JSON functions are NULL until the call succeeds.
void clear(char** out_json) {
    if (out_json != nullptr) *out_json = nullptr;
}

credcheck::Error bad_number(const char* function, const char* what, int value, const char* expected) {
    return credcheck::Error(credcheck::Status::invalid_argument,
                            std::string(function) + ": " + what + " " + std::to_string(value) + " is not " + expected);
}

credcheck::ObjectionTarget target_of(int target, const char* function) {
    const auto t = credcheck::capi::target_from_c(target);
    if (!t) throw bad_number(function, "target", target, "CREDCHECK_TARGET_RECORD or _ENTRY");
    return *t;
}

credcheck::FileFormat format_of(int format, const char* function) {
    const auto f = credcheck::capi::file_format_from_c(format);
    if (!f) throw bad_number(function, "format", format, "CREDCHECK_FORMAT_CSV or _JSONL");
    return *f;
}

std::ofstream output_file(const char* path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw credcheck::Error(credcheck::Status::io_error, std::string("cannot write ") + path);
    return out;
}

constexpr std::size_t kFeedbackV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_feedback, case_ref);
constexpr std::size_t kObjectionQueryV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_objection_query, department);
constexpr std::size_t kCommitmentV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_commitment, content);
constexpr std::size_t kRepairRequestV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_repair_request, commitment_record_id);
constexpr std::size_t kPublicationQueryV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_publication_query, overdue_only);
constexpr std::size_t kAuditQueryV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_audit_query, limit);

credcheck::RepairRequest repair_request_from(const credcheck_repair_request* given, const char* function) {
    const auto r = read_struct(given, kRepairRequestV1, function, "request", "CREDCHECK_REPAIR_REQUEST_INIT");
    credcheck::RepairRequest out;
    out.target = target_of(r.target, function);
    out.target_id = r.target_id;
    out.repaired_on = date_or_today(r.repaired_on, "repaired_on");
    out.decided_by = text_or_empty(r.decided_by);
    out.obligations_evidence = text_or_empty(r.obligations_evidence);
    if (r.commitment_record_id != 0) out.commitment = r.commitment_record_id;
    return out;
}

} // namespace

extern "C" {

// ---- Calendar ----------------------------------------------------------------------------------

int credcheck_calendar_load(credcheck_db* db, const char* tsv_path) {
    return guarded("credcheck_calendar_load", [&]() -> int {
        if (db == nullptr || tsv_path == nullptr) throw misuse("credcheck_calendar_load", "db and tsv_path must not be NULL");
        std::ifstream in(tsv_path, std::ios::binary);
        if (!in) return fail(CREDCHECK_NOT_FOUND, std::string("cannot read calendar file ") + tsv_path);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        credcheck::load_calendar(of(db)->db, credcheck::parse_calendar(text, tsv_path), tsv_path);
        return CREDCHECK_OK;
    });
}

int credcheck_calendar_is_working_day(int* out, credcheck_db* db, const char* date) {
    return guarded("credcheck_calendar_is_working_day", [&]() -> int {
        if (out == nullptr || db == nullptr || date == nullptr) throw misuse("credcheck_calendar_is_working_day", "no argument may be NULL");
        *out = credcheck::installed_calendar(of(db)->db).is_working_day(Date::parse_or_throw(date, "date")) ? 1 : 0;
        return CREDCHECK_OK;
    });
}

int credcheck_calendar_add_working_days(char out[CREDCHECK_DATE_SIZE], credcheck_db* db, const char* from, int n) {
    if (out != nullptr) out[0] = '\0';
    return guarded("credcheck_calendar_add_working_days", [&]() -> int {
        if (out == nullptr || db == nullptr || from == nullptr) throw misuse("credcheck_calendar_add_working_days", "no argument may be NULL");
        const std::string day = credcheck::installed_calendar(of(db)->db).add_working_days(Date::parse_or_throw(from, "from"), n).iso();
        std::memcpy(out, day.c_str(), CREDCHECK_DATE_SIZE);
        return CREDCHECK_OK;
    });
}

int credcheck_calendar_working_days_between(int* out, credcheck_db* db, const char* from, const char* to) {
    return guarded("credcheck_calendar_working_days_between", [&]() -> int {
        if (out == nullptr || db == nullptr || from == nullptr || to == nullptr)
            throw misuse("credcheck_calendar_working_days_between", "no argument may be NULL");
        *out = credcheck::installed_calendar(of(db)->db).working_days_between(Date::parse_or_throw(from, "from"), Date::parse_or_throw(to, "to"));
        return CREDCHECK_OK;
    });
}

// ---- Dispatch and feedback ------------------------------------------------------------------------

int credcheck_dispatch_set_routes(credcheck_db* db, const char* measure, const char* const* departments, size_t count, const char* as_of) {
    return guarded("credcheck_dispatch_set_routes", [&]() -> int {
        if (db == nullptr || measure == nullptr || (departments == nullptr && count > 0))
            throw misuse("credcheck_dispatch_set_routes", "db, measure and departments must not be NULL");
        std::vector<credcheck::MeasureRoute> routes;
        for (size_t i = 0; i < count; ++i) {
            if (departments[i] == nullptr) throw misuse("credcheck_dispatch_set_routes", "department #" + std::to_string(i + 1) + " is NULL");
            routes.push_back({measure, departments[i], std::nullopt});
        }
        if (routes.empty()) return fail(CREDCHECK_INVALID_ARGUMENT, "credcheck_dispatch_set_routes: name at least one department");
        credcheck::set_measure_routes(of(db)->db, routes, date_or_today(as_of, "as_of"));
        return CREDCHECK_OK;
    });
}

int credcheck_dispatch_run(long long* out_apply, long long* out_lift, credcheck_db* db, const char* as_of) {
    if (out_apply) *out_apply = 0;
    if (out_lift) *out_lift = 0;
    return guarded("credcheck_dispatch_run", [&]() -> int {
        if (db == nullptr) throw misuse("credcheck_dispatch_run", "db must not be NULL");
        const auto counts = credcheck::dispatch_notices(of(db)->db, date_or_today(as_of, "as_of"));
        if (out_apply) *out_apply = counts.apply;
        if (out_lift) *out_lift = counts.lift;
        return CREDCHECK_OK;
    });
}

int credcheck_dispatch_inbox_json(char** out_json, credcheck_db* db, const char* department, int include_answered) {
    clear(out_json);
    return guarded("credcheck_dispatch_inbox_json", [&]() -> int {
        if (out_json == nullptr || db == nullptr || department == nullptr) throw misuse("credcheck_dispatch_inbox_json", "no argument may be NULL");
        return give_json(out_json, credcheck::serialize::notices_json(credcheck::inbox(of(db)->db, department, include_answered != 0)),
                         "credcheck_dispatch_inbox_json");
    });
}

int credcheck_dispatch_status_json(char** out_json, credcheck_db* db, const char* department) {
    clear(out_json);
    return guarded("credcheck_dispatch_status_json", [&]() -> int {
        if (out_json == nullptr || db == nullptr || department == nullptr) throw misuse("credcheck_dispatch_status_json", "no argument may be NULL");
        return give_json(out_json, credcheck::serialize::dispatch_status_json(credcheck::dispatch_status(of(db)->db, department)),
                         "credcheck_dispatch_status_json");
    });
}

int credcheck_feedback_record(long long* out_id, credcheck_db* db, const credcheck_feedback* given) {
    if (out_id != nullptr) *out_id = 0;
    return guarded("credcheck_feedback_record", [&]() -> int {
        if (out_id == nullptr || db == nullptr) throw misuse("credcheck_feedback_record", "out_id and db must not be NULL");
        const auto f = read_struct(given, kFeedbackV1, "credcheck_feedback_record", "feedback", "CREDCHECK_FEEDBACK_INIT");
        const auto outcome = credcheck::capi::feedback_outcome_from_c(f.outcome);
        if (!outcome) throw bad_number("credcheck_feedback_record", "outcome", f.outcome, "a CREDCHECK_FEEDBACK_* number");
        const credcheck::Principal& principal = of(db)->db.principal();
        credcheck::Feedback feedback;
        if (f.notice_id != 0) feedback.notice_id = f.notice_id;
        feedback.decision_id = text_or_empty(f.decision_id);
        feedback.measure_code = text_or_empty(f.measure);
        feedback.department = f.department ? f.department : principal.department;
        feedback.outcome = *outcome;
        feedback.reason = text_or_empty(f.reason);
        feedback.officer = f.officer ? f.officer : principal.officer;
        feedback.decided_on = date_or_today(f.decided_on, "decided_on");
        feedback.case_ref = text_or_empty(f.case_ref);
        *out_id = credcheck::record_feedback(of(db)->db, feedback);
        return CREDCHECK_OK;
    });
}

// ---- Objections --------------------------------------------------------------------------------------

int credcheck_objection_file(long long* out_id, credcheck_db* db, int target, long long target_id, const char* filed_on, const char* filed_by,
                             const char* reason) {
    if (out_id != nullptr) *out_id = 0;
    return guarded("credcheck_objection_file", [&]() -> int {
        if (out_id == nullptr || db == nullptr || filed_by == nullptr || reason == nullptr)
            throw misuse("credcheck_objection_file", "out_id, db, filed_by and reason must not be NULL");
        *out_id = credcheck::file_objection(of(db)->db, target_of(target, "credcheck_objection_file"), target_id, date_or_today(filed_on, "filed_on"),
                                            filed_by, reason);
        return CREDCHECK_OK;
    });
}

int credcheck_objection_resolve(credcheck_db* db, long long id, int outcome, const char* resolved_on, const char* resolved_by,
                                const char* resolution) {
    return guarded("credcheck_objection_resolve", [&]() -> int {
        if (db == nullptr || resolved_by == nullptr || resolution == nullptr)
            throw misuse("credcheck_objection_resolve", "db, resolved_by and resolution must not be NULL");
        const auto parsed = credcheck::capi::objection_outcome_from_c(outcome);
        if (!parsed) throw bad_number("credcheck_objection_resolve", "outcome", outcome, "CREDCHECK_OBJECTION_UPHELD, _CORRECTED or _REVOKED");
        credcheck::resolve_objection(of(db)->db, id, *parsed, date_or_today(resolved_on, "resolved_on"), resolved_by, resolution);
        return CREDCHECK_OK;
    });
}

int credcheck_objection_correct(credcheck_db* db, long long id, const char* resolved_on, const char* resolved_by, const char* resolution,
                                const char* const* columns, const char* const* values, size_t count) {
    return guarded("credcheck_objection_correct", [&]() -> int {
        if (db == nullptr || resolved_by == nullptr || resolution == nullptr || ((columns == nullptr || values == nullptr) && count > 0))
            throw misuse("credcheck_objection_correct", "db, resolved_by, resolution, columns and values must not be NULL");
        std::vector<credcheck::Correction> corrections;
        for (size_t i = 0; i < count; ++i) {
            if (columns[i] == nullptr || values[i] == nullptr)
                throw misuse("credcheck_objection_correct", "correction #" + std::to_string(i + 1) + " is NULL");
            corrections.push_back({columns[i], values[i]});
        }
        credcheck::resolve_objection(of(db)->db, id, credcheck::ObjectionOutcome::corrected, date_or_today(resolved_on, "resolved_on"), resolved_by,
                                     resolution, corrections);
        return CREDCHECK_OK;
    });
}

int credcheck_objection_list_json(char** out_json, credcheck_db* db, const credcheck_objection_query* query) {
    clear(out_json);
    return guarded("credcheck_objection_list_json", [&]() -> int {
        if (out_json == nullptr || db == nullptr) throw misuse("credcheck_objection_list_json", "out_json and db must not be NULL");
        credcheck_objection_query given{};
        if (query != nullptr) given = read_struct(query, kObjectionQueryV1, "credcheck_objection_list_json", "query", "CREDCHECK_OBJECTION_QUERY_INIT");
        credcheck::ObjectionQuery q;
        q.pending_only = given.pending_only != 0;
        if (given.overdue_on) q.overdue_on = Date::parse_or_throw(given.overdue_on, "overdue_on");
        q.department = text_or_empty(given.department);
        return give_json(out_json, credcheck::serialize::objections_json(credcheck::list_objections(of(db)->db, q)), "credcheck_objection_list_json");
    });
}

int credcheck_objection_set_days(credcheck_db* db, int days) {
    return guarded("credcheck_objection_set_days", [&]() -> int {
        if (db == nullptr) throw misuse("credcheck_objection_set_days", "db must not be NULL");
        credcheck::set_objection_verification_days(of(db)->db, days);
        return CREDCHECK_OK;
    });
}

// ---- Commitments and repair ------------------------------------------------------------------------

int credcheck_commitment_record(long long* out_record_id, credcheck_db* db, const credcheck_commitment* given) {
    if (out_record_id != nullptr) *out_record_id = 0;
    return guarded("credcheck_commitment_record", [&]() -> int {
        if (out_record_id == nullptr || db == nullptr) throw misuse("credcheck_commitment_record", "out_record_id and db must not be NULL");
        const auto c = read_struct(given, kCommitmentV1, "credcheck_commitment_record", "commitment", "CREDCHECK_COMMITMENT_INIT");
        if (c.subject == nullptr || c.department == nullptr || c.document_no == nullptr)
            throw misuse("credcheck_commitment_record", "commitment->subject, ->department and ->document_no must be set");
        *out_record_id = credcheck::record_commitment(
            of(db)->db, {c.subject, c.department, c.document_no, date_or_today(c.signed_on, "signed_on"), text_or_empty(c.content)});
        return CREDCHECK_OK;
    });
}

int credcheck_repair_blockers_json(char** out_json, credcheck_db* db, const credcheck_repair_request* request) {
    clear(out_json);
    return guarded("credcheck_repair_blockers_json", [&]() -> int {
        if (out_json == nullptr || db == nullptr) throw misuse("credcheck_repair_blockers_json", "out_json and db must not be NULL");
        const auto blockers = credcheck::repair_blockers(of(db)->db, repair_request_from(request, "credcheck_repair_blockers_json"));
        return give_json(out_json, nlohmann::ordered_json(blockers), "credcheck_repair_blockers_json");
    });
}

int credcheck_repair_grant(long long* out_repair_id, credcheck_db* db, const credcheck_repair_request* request) {
    if (out_repair_id != nullptr) *out_repair_id = 0;
    return guarded("credcheck_repair_grant", [&]() -> int {
        if (out_repair_id == nullptr || db == nullptr) throw misuse("credcheck_repair_grant", "out_repair_id and db must not be NULL");
        *out_repair_id = credcheck::repair(of(db)->db, repair_request_from(request, "credcheck_repair_grant")).repair_id;
        return CREDCHECK_OK;
    });
}

// ---- Publication -------------------------------------------------------------------------------------

int credcheck_publication_status_json(char** out_json, credcheck_db* db, const credcheck_publication_query* query) {
    clear(out_json);
    return guarded("credcheck_publication_status_json", [&]() -> int {
        if (out_json == nullptr || db == nullptr) throw misuse("credcheck_publication_status_json", "out_json and db must not be NULL");
        credcheck_publication_query given{};
        if (query != nullptr)
            given = read_struct(query, kPublicationQueryV1, "credcheck_publication_status_json", "query", "CREDCHECK_PUBLICATION_QUERY_INIT");
        credcheck::PublicationQuery q;
        q.as_of = date_or_today(given.as_of, "as_of");
        q.department = text_or_empty(given.department);
        q.overdue_only = given.overdue_only != 0;
        return give_json(out_json, credcheck::serialize::publication_json(credcheck::publication_status(of(db)->db, q)),
                         "credcheck_publication_status_json");
    });
}

int credcheck_publication_mark(credcheck_db* db, const char* department, const char* document_no, const char* published_on) {
    return guarded("credcheck_publication_mark", [&]() -> int {
        if (db == nullptr || department == nullptr || document_no == nullptr)
            throw misuse("credcheck_publication_mark", "only published_on may be NULL");
        credcheck::mark_published(of(db)->db, department, document_no, date_or_today(published_on, "published_on"));
        return CREDCHECK_OK;
    });
}

int credcheck_publication_batch(long long* out_rows, credcheck_db* db, int kind, const char* on, int format, const char* path) {
    if (out_rows) *out_rows = 0;
    return guarded("credcheck_publication_batch", [&]() -> int {
        if (db == nullptr || path == nullptr) throw misuse("credcheck_publication_batch", "db and path must not be NULL");
        const auto parsed = credcheck::capi::import_kind_from_c(kind);
        if (parsed != credcheck::ImportKind::licenses && parsed != credcheck::ImportKind::penalties)
            throw bad_number("credcheck_publication_batch", "kind", kind, "CREDCHECK_IMPORT_KIND_LICENSES or _PENALTIES");
        const auto file_format = format_of(format, "credcheck_publication_batch");
        auto out = output_file(path);
        const auto rows = credcheck::export_publication_batch(of(db)->db, *parsed, date_or_today(on, "on"), file_format, out);
        if (out_rows) *out_rows = static_cast<long long>(rows);
        return CREDCHECK_OK;
    });
}

int credcheck_publication_export_list(long long* out_rows, credcheck_db* db, int colour, const char* as_of, int format, const char* path) {
    if (out_rows) *out_rows = 0;
    return guarded("credcheck_publication_export_list", [&]() -> int {
        if (db == nullptr || path == nullptr) throw misuse("credcheck_publication_export_list", "db and path must not be NULL");
        const auto c = credcheck::capi::colour_from_c(colour);
        if (!c) throw bad_number("credcheck_publication_export_list", "colour", colour, "CREDCHECK_COLOUR_BLACK or _RED");
        const auto file_format = format_of(format, "credcheck_publication_export_list");
        auto out = output_file(path);
        const auto rows = credcheck::export_public_list(of(db)->db, *c, date_or_today(as_of, "as_of"), file_format, out);
        if (out_rows) *out_rows = static_cast<long long>(rows);
        return CREDCHECK_OK;
    });
}

// ---- Reports and the audit trail -----------------------------------------------------------------------

int credcheck_report_json(char** out_json, credcheck_db* db, const char* from, const char* to, const char* department) {
    clear(out_json);
    return guarded("credcheck_report_json", [&]() -> int {
        if (out_json == nullptr || db == nullptr || from == nullptr || to == nullptr)
            throw misuse("credcheck_report_json", "out_json, db, from and to must not be NULL");
        credcheck::ReportQuery q{Date::parse_or_throw(from, "from"), Date::parse_or_throw(to, "to"), text_or_empty(department)};
        return give_json(out_json, credcheck::serialize::report_json(credcheck::credit_report(of(db)->db, q)), "credcheck_report_json");
    });
}

int credcheck_audit_verify_json(char** out_json, credcheck_db* db) {
    clear(out_json);
    return guarded("credcheck_audit_verify_json", [&]() -> int {
        if (out_json == nullptr || db == nullptr) throw misuse("credcheck_audit_verify_json", "out_json and db must not be NULL");
        return give_json(out_json, credcheck::serialize::audit_verification_json(credcheck::verify_audit(of(db)->db)), "credcheck_audit_verify_json");
    });
}

int credcheck_audit_entries_json(char** out_json, credcheck_db* db, const credcheck_audit_query* query) {
    clear(out_json);
    return guarded("credcheck_audit_entries_json", [&]() -> int {
        if (out_json == nullptr || db == nullptr) throw misuse("credcheck_audit_entries_json", "out_json and db must not be NULL");
        credcheck_audit_query given{};
        if (query != nullptr) given = read_struct(query, kAuditQueryV1, "credcheck_audit_entries_json", "query", "CREDCHECK_AUDIT_QUERY_INIT");
        credcheck::AuditQuery q;
        q.subject = text_or_empty(given.subject);
        q.department = text_or_empty(given.department);
        q.decision_id = text_or_empty(given.decision_id);
        if (given.from) q.from = Date::parse_or_throw(given.from, "from");
        if (given.to) q.to = Date::parse_or_throw(given.to, "to");
        if (given.limit != 0) q.limit = given.limit;
        return give_json(out_json, credcheck::serialize::audit_json(credcheck::audit_entries(of(db)->db, q)), "credcheck_audit_entries_json");
    });
}

} // extern "C"
