// The C ABI: a thin translation of the C++ API. Every entry point catches every exception, converts
// types, records the error for credcheck_last_error() and returns a pinned status.
#define CREDCHECK_BUILDING 1
#include "credcheck.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/error.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/import.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/version.hpp"
#include "serialize/decision_json.hpp"

#include <vector>

#include "capi_internal.hpp"

static_assert(CREDCHECK_VERSION_NUMBER == ((CREDCHECK_VERSION_MAJOR * 1000000) + (CREDCHECK_VERSION_MINOR * 1000) + CREDCHECK_VERSION_PATCH));
static_assert(static_cast<int>(credcheck::Status::misuse) == CREDCHECK_MISUSE, "C and C++ status codes must agree");

using credcheck::capi::copy_out;
using credcheck::capi::fail;
using credcheck::capi::guarded;
using credcheck::capi::guarded_db;
using credcheck::capi::last_error;

char* credcheck::capi::malloc_copy(const std::string& text) noexcept {
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

/// A decision, with the text its accessors hand out kept alive beside it.
struct credcheck_decision {
    credcheck_decision(credcheck::Decision d, bool may_unmask) : decision(std::move(d)), full_ids_allowed(may_unmask) {
        // A person's code is masked, and so is a code not found (no kind) that could be an ID number.
        const bool person = decision.subject.kind == credcheck::SubjectKind::natural_person || !decision.subject.found;
        subject_code = person ? credcheck::mask_personal_id(decision.subject.code) : decision.subject.code;
        const auto text = [&](const std::string& s) { return may_unmask ? s : credcheck::mask_personal_ids_in_text(s); };
        as_of = decision.as_of.iso();
        for (const auto* list : {&decision.measures, &decision.suspended}) {
            auto& texts = list == &decision.measures ? applied : suspended;
            for (const auto& m : *list) {
                MeasureTexts t;
                if (m.source) {
                    t.listed_code = m.source->subject_kind == credcheck::SubjectKind::natural_person
                                        ? credcheck::mask_personal_id(m.source->subject_code)
                                        : m.source->subject_code;
                    t.listed_name = text(m.source->subject_name);
                    t.entry_legal_basis = text(m.source->legal_basis);
                    t.entered_on = m.source->entered_on.iso();
                    if (m.source->expires_on) t.expires_on = m.source->expires_on->iso();
                }
                texts.push_back(std::move(t));
            }
        }
    }
    struct MeasureTexts {
        std::string listed_code, listed_name, entry_legal_basis, entered_on, expires_on;
    };
    credcheck::Decision decision;
    bool full_ids_allowed; // the principal that checked may see citizen ID numbers in full
    std::string subject_code, as_of;
    std::vector<MeasureTexts> applied, suspended;
};

namespace {

const char* empty_if_null(const char* s) { return s ? s : ""; }

/// The request as the C++ API takes it. Who checks is the handle's principal: a `department` that
/// names another is refused rather than recorded.
credcheck::CheckRequest request_from(const credcheck_check_request* r, const credcheck::Principal& principal) {
    credcheck::CheckRequest out;
    out.subject = empty_if_null(r->subject);
    out.scenario = empty_if_null(r->scenario);
    if (r->as_of != nullptr) out.as_of = credcheck::Date::parse_or_throw(r->as_of, "as_of");
    const std::string department = empty_if_null(r->department);
    if (!department.empty() && department != principal.department)
        throw credcheck::Error(credcheck::Status::permission_denied,
                               principal.describe() + " may not check on behalf of " + department +
                                   ": the checking department is the handle's principal (credcheck_db_open_as, credcheck_db_as)");
    out.purpose = empty_if_null(r->purpose);
    return out;
}

bool request_usable(const credcheck_check_request* r) { return r != nullptr && r->size >= sizeof(credcheck_check_request); }

} // namespace

extern "C" {

const char* credcheck_libversion(void) { return credcheck::library_version(); }
int credcheck_libversion_number(void) { return credcheck::library_version_number(); }
int credcheck_abi_version(void) { return CREDCHECK_ABI_VERSION; }

const char* credcheck_status_name(int status) {
    if (status < 0 || status > CREDCHECK_MISUSE) return "unknown";
    return credcheck::status_name(static_cast<credcheck::Status>(status)).data(); // static, NUL-terminated literals
}

const char* credcheck_last_error(void) { return last_error.c_str(); }

void credcheck_free(void* p) { std::free(p); }

int credcheck_identify(credcheck_identity* out, const char* text, unsigned flags) {
    return guarded("credcheck_identify", [&]() -> int {
        if (out == nullptr || text == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_identify: out and text must not be NULL");
        if (out->size < sizeof(credcheck_identity))
            return fail(CREDCHECK_MISUSE, "credcheck_identify: out->size is not set; initialise with CREDCHECK_IDENTITY_INIT");
        credcheck::IdentifyOptions options;
        options.uscc_check = (flags & CREDCHECK_IDENTIFY_STRICT) ? credcheck::UsccCheck::strict : credcheck::UsccCheck::check_character;
        options.normalization = (flags & CREDCHECK_IDENTIFY_NO_NORMALIZE) ? credcheck::Normalization::none : credcheck::Normalization::lenient;
        const auto id = credcheck::identify(text, options);
        out->kind = static_cast<int>(id.kind());
        out->closest_kind = static_cast<int>(id.closest_kind());
        if (id.ok()) {
            const auto* citizen = id.get<credcheck::CitizenId>();
            copy_out(out->normalized, citizen && !(flags & CREDCHECK_IDENTIFY_UNMASKED) ? citizen->masked() : id.normalized());
            out->error_position = 0;
            out->error[0] = '\0';
            return CREDCHECK_OK;
        }
        out->normalized[0] = '\0';
        out->error_position = id.error()->position;
        copy_out(out->error, id.error()->message);
        return fail(CREDCHECK_INVALID_IDENTIFIER, id.error()->message);
    });
}

int credcheck_configure_for_threads(void) { return credcheck::configure_sqlite_for_threads() ? CREDCHECK_OK : CREDCHECK_MISUSE; }

int credcheck_db_open(credcheck_db** out, const char* path, unsigned flags) {
    if (out != nullptr) *out = nullptr;
    return guarded("credcheck_db_open", [&]() -> int {
        if (out == nullptr || path == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_db_open: out and path must not be NULL");
        if ((flags & CREDCHECK_OPEN_CREATE) && (flags & CREDCHECK_OPEN_READONLY))
            return fail(CREDCHECK_MISUSE, "credcheck_db_open: CREATE and READONLY exclude each other");
        credcheck::OpenOptions options;
        options.read_only = (flags & CREDCHECK_OPEN_READONLY) != 0;
        options.require_log = (flags & CREDCHECK_OPEN_REQUIRE_LOG) != 0;
        if (flags & CREDCHECK_OPEN_CREATE) credcheck::init_database(path);
        credcheck::Database db = credcheck::Database::open(path, options);
        *out = new credcheck_db(std::move(db));
        return CREDCHECK_OK;
    });
}

namespace {
credcheck::Principal principal_from(const credcheck_principal* p, const char* function) {
    if (p == nullptr || p->size < sizeof(credcheck_principal))
        throw credcheck::Error(credcheck::Status::misuse, std::string(function) + ": the principal is NULL or not initialised with CREDCHECK_PRINCIPAL_INIT");
    const auto role = credcheck::parse_access_role(p->role ? p->role : "");
    if (!role)
        throw credcheck::Error(credcheck::Status::invalid_argument, std::string(function) + ": role '" + (p->role ? p->role : "") +
                                                                        "' is not credit_office, initiating, implementing or public");
    credcheck::Principal out{p->department ? p->department : "", *role, p->officer ? p->officer : ""};
    if (out.department.empty() && (*role == credcheck::AccessRole::initiating || *role == credcheck::AccessRole::implementing))
        throw credcheck::Error(credcheck::Status::invalid_argument, std::string(function) + ": an " + p->role + " principal must name its department");
    return out;
}
} // namespace

int credcheck_db_open_as(credcheck_db** out, const char* path, unsigned flags, const credcheck_principal* principal) {
    if (out != nullptr) *out = nullptr;
    return guarded("credcheck_db_open_as", [&]() -> int {
        credcheck::Principal p = principal_from(principal, "credcheck_db_open_as");
        credcheck_db* opened = nullptr;
        if (const int status = credcheck_db_open(&opened, path, flags); status != CREDCHECK_OK) return status;
        std::unique_ptr<credcheck_db> owner(opened);
        *out = new credcheck_db(owner->db.as(std::move(p)));
        return CREDCHECK_OK;
    });
}

int credcheck_db_as(credcheck_db** out, credcheck_db* db, const credcheck_principal* principal) {
    if (out != nullptr) *out = nullptr;
    return guarded_db(db, "credcheck_db_as", [&]() -> int {
        if (out == nullptr || db == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_db_as: out and db must not be NULL");
        *out = new credcheck_db(db->db.as(principal_from(principal, "credcheck_db_as")));
        return CREDCHECK_OK;
    });
}

void credcheck_db_close(credcheck_db* db) { delete db; }

const char* credcheck_errmsg(credcheck_db* db) {
    if (db == nullptr) return "credcheck_errmsg: the handle is NULL";
    std::lock_guard lock(db->error_mutex);
    return db->error.c_str();
}

int credcheck_import(credcheck_db* db, const char* kind, const char* path, unsigned flags, credcheck_import_report* report) {
    return guarded_db(db, "credcheck_import", [&]() -> int {
        if (db == nullptr || kind == nullptr || path == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_import: db, kind and path must not be NULL");
        if (report != nullptr && report->size < sizeof(credcheck_import_report))
            return fail(CREDCHECK_MISUSE, "credcheck_import: report->size is not set; initialise with CREDCHECK_IMPORT_REPORT_INIT");
        const auto parsed_kind = credcheck::parse_import_kind(kind);
        if (!parsed_kind)
            return fail(CREDCHECK_INVALID_ARGUMENT, std::string("credcheck_import: kind '") + kind +
                                                        "' is not subjects, relations, lists, licenses or penalties");
        credcheck::ImportOptions options;
        options.kind = *parsed_kind;
        options.partial = (flags & CREDCHECK_IMPORT_PARTIAL) != 0;
        options.encoding = (flags & CREDCHECK_IMPORT_GB18030) ? credcheck::TextEncoding::gb18030 : credcheck::TextEncoding::utf8;
        options.actor = "c-api";
        const auto fill = [&](const credcheck::ImportReport& r) {
            if (report == nullptr) return;
            report->rows = r.rows;
            report->inserted = r.inserted;
            report->updated = r.updated;
            report->unchanged = r.unchanged;
            report->rejected = r.rejected;
            report->subjects_created = r.subjects_created;
            report->committed = r.committed ? 1 : 0;
        };
        try {
            fill(credcheck::import_file(db->db, path, options));
        } catch (const credcheck::ImportRejected& e) {
            fill(e.report());
            throw;
        }
        return CREDCHECK_OK;
    });
}

int credcheck_objection_file(credcheck_db* db, long long* out_id, const char* target, long long target_id, const char* filed_on,
                             const char* filed_by, const char* reason) {
    return guarded_db(db, "credcheck_objection_file", [&]() -> int {
        if (db == nullptr || out_id == nullptr || target == nullptr || filed_on == nullptr || filed_by == nullptr || reason == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_objection_file: no argument may be NULL");
        const std::string_view t = target;
        if (t != "entry" && t != "record")
            return fail(CREDCHECK_INVALID_ARGUMENT, std::string("credcheck_objection_file: target '") + target + "' is not entry or record");
        *out_id = credcheck::file_objection(db->db, t == "entry" ? credcheck::ObjectionTarget::entry : credcheck::ObjectionTarget::record,
                                            target_id, credcheck::Date::parse_or_throw(filed_on, "filed_on"), filed_by, reason);
        return CREDCHECK_OK;
    });
}

int credcheck_objection_resolve(credcheck_db* db, long long id, const char* outcome, const char* resolved_on, const char* resolved_by,
                                const char* resolution) {
    return guarded_db(db, "credcheck_objection_resolve", [&]() -> int {
        if (db == nullptr || outcome == nullptr || resolved_on == nullptr || resolved_by == nullptr || resolution == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_objection_resolve: no argument may be NULL");
        const std::string_view o = outcome;
        const auto parsed = o == "upheld"      ? credcheck::ObjectionOutcome::upheld
                            : o == "corrected" ? credcheck::ObjectionOutcome::corrected
                            : o == "revoked"   ? credcheck::ObjectionOutcome::revoked
                                               : throw credcheck::Error(credcheck::Status::invalid_argument,
                                                                        std::string("credcheck_objection_resolve: outcome '") + outcome +
                                                                            "' is not upheld, corrected or revoked");
        credcheck::resolve_objection(db->db, id, parsed, credcheck::Date::parse_or_throw(resolved_on, "resolved_on"), resolved_by, resolution);
        return CREDCHECK_OK;
    });
}

int credcheck_check(credcheck_db* db, const credcheck_check_request* request, credcheck_decision** out) {
    if (out != nullptr) *out = nullptr;
    return guarded_db(db, "credcheck_check", [&]() -> int {
        if (db == nullptr || out == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_check: db and out must not be NULL");
        if (!request_usable(request))
            return fail(CREDCHECK_MISUSE, "credcheck_check: the request is NULL or not initialised with CREDCHECK_CHECK_REQUEST_INIT");
        if (request->subject == nullptr || request->scenario == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_check: request->subject and request->scenario must be set");
        *out = new credcheck_decision(db->checker.check(request_from(request, db->db.principal())), db->db.principal().sees_full_ids());
        return CREDCHECK_OK;
    });
}

int credcheck_check_batch(credcheck_db* db, const credcheck_check_request* common, const char* const* subjects, size_t count,
                          credcheck_decision** out) {
    if (out != nullptr)
        for (size_t i = 0; i < count; ++i) out[i] = nullptr;
    return guarded_db(db, "credcheck_check_batch", [&]() -> int {
        if (db == nullptr || out == nullptr || (subjects == nullptr && count > 0))
            return fail(CREDCHECK_MISUSE, "credcheck_check_batch: db, subjects and out must not be NULL");
        if (!request_usable(common) || common->scenario == nullptr)
            return fail(CREDCHECK_MISUSE, "credcheck_check_batch: common must be initialised with CREDCHECK_CHECK_REQUEST_INIT and name a scenario");
        std::vector<std::string> codes;
        codes.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            if (subjects[i] == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_check_batch: subject #" + std::to_string(i + 1) + " is NULL");
            codes.emplace_back(subjects[i]);
        }
        auto decisions = db->checker.check_batch(codes, request_from(common, db->db.principal()));
        std::vector<std::unique_ptr<credcheck_decision>> owned;
        owned.reserve(decisions.size());
        for (auto& d : decisions) owned.push_back(std::make_unique<credcheck_decision>(std::move(d), db->db.principal().sees_full_ids()));
        for (size_t i = 0; i < count; ++i) out[i] = owned[i].release();
        return CREDCHECK_OK;
    });
}

void credcheck_decision_free(credcheck_decision* decision) { delete decision; }

int credcheck_decision_verdict(const credcheck_decision* d) { return d ? static_cast<int>(d->decision.verdict) : -1; }

const char* credcheck_verdict_name(int verdict) {
    if (verdict < CREDCHECK_VERDICT_DENY || verdict > CREDCHECK_VERDICT_FAVOR) return "unknown";
    return credcheck::to_string(static_cast<credcheck::Verdict>(verdict)).data(); // static literals
}

int credcheck_decision_subject_found(const credcheck_decision* d) { return d && d->decision.subject.found ? 1 : 0; }
const char* credcheck_decision_subject_code(const credcheck_decision* d) { return d ? d->subject_code.c_str() : nullptr; }
const char* credcheck_decision_subject_name(const credcheck_decision* d) { return d ? d->decision.subject.name.c_str() : nullptr; }
const char* credcheck_decision_subject_kind(const credcheck_decision* d) {
    if (d == nullptr) return nullptr;
    return d->decision.subject.kind ? credcheck::to_string(*d->decision.subject.kind).data() : ""; // static literals
}
const char* credcheck_decision_subject_status(const credcheck_decision* d) {
    if (d == nullptr) return nullptr;
    return d->decision.subject.status ? credcheck::to_string(*d->decision.subject.status).data() : "";
}
const char* credcheck_decision_scenario(const credcheck_decision* d) { return d ? d->decision.scenario.c_str() : nullptr; }
const char* credcheck_decision_as_of(const credcheck_decision* d) { return d ? d->as_of.c_str() : nullptr; }

size_t credcheck_decision_measure_count(const credcheck_decision* d, int which) {
    if (d == nullptr) return 0;
    return which == CREDCHECK_MEASURES_SUSPENDED ? d->decision.suspended.size() : which == CREDCHECK_MEASURES_APPLIED ? d->decision.measures.size() : 0;
}

int credcheck_decision_measure(const credcheck_decision* d, int which, size_t index, credcheck_measure* out) {
    return guarded("credcheck_decision_measure", [&]() -> int {
        if (d == nullptr || out == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_decision_measure: decision and out must not be NULL");
        if (out->size < sizeof(credcheck_measure))
            return fail(CREDCHECK_MISUSE, "credcheck_decision_measure: out->size is not set; initialise with CREDCHECK_MEASURE_INIT");
        if (which != CREDCHECK_MEASURES_APPLIED && which != CREDCHECK_MEASURES_SUSPENDED)
            return fail(CREDCHECK_INVALID_ARGUMENT, "credcheck_decision_measure: which is not CREDCHECK_MEASURES_APPLIED or _SUSPENDED");
        const auto& list = which == CREDCHECK_MEASURES_APPLIED ? d->decision.measures : d->decision.suspended;
        const auto& texts = which == CREDCHECK_MEASURES_APPLIED ? d->applied : d->suspended;
        if (index >= list.size())
            return fail(CREDCHECK_NOT_FOUND, "credcheck_decision_measure: index " + std::to_string(index) + " past the " +
                                                 std::to_string(list.size()) + " measures");
        const credcheck::AppliedMeasure& m = list[index];
        out->code = m.code.c_str();
        out->name = m.name.c_str();
        out->effect = credcheck::to_string(m.effect).data();
        out->via = credcheck::to_string(m.via).data();
        out->role = m.role.c_str();
        out->legal_basis = m.legal_basis.c_str();
        out->reason = m.reason.c_str();
        out->list = m.source ? m.source->list_code.c_str() : "";
        out->entry_id = m.source ? m.source->entry_id : 0;
        out->listed_code = texts[index].listed_code.c_str();
        out->listed_name = texts[index].listed_name.c_str();
        out->department = m.source ? m.source->department.c_str() : "";
        out->document_no = m.source ? m.source->document_no.c_str() : "";
        out->entered_on = texts[index].entered_on.c_str();
        out->expires_on = texts[index].expires_on.c_str();
        out->objection_id = m.objection_id.value_or(0);
        out->entry_legal_basis = texts[index].entry_legal_basis.c_str();
        return CREDCHECK_OK;
    });
}

int credcheck_decision_green_channel(const credcheck_decision* d, const char** reason) {
    if (d == nullptr) return 0;
    if (reason != nullptr) *reason = d->decision.green_channel.reason.c_str();
    return d->decision.green_channel.eligible ? 1 : 0;
}

int credcheck_decision_receipt(const credcheck_decision* d, credcheck_receipt* out) {
    return guarded("credcheck_decision_receipt", [&]() -> int {
        if (d == nullptr || out == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_decision_receipt: decision and out must not be NULL");
        if (out->size < sizeof(credcheck_receipt))
            return fail(CREDCHECK_MISUSE, "credcheck_decision_receipt: out->size is not set; initialise with CREDCHECK_RECEIPT_INIT");
        const credcheck::Receipt& r = d->decision.receipt;
        out->id = r.id.c_str();
        out->data_version = r.data_version;
        out->catalog_version = r.catalog_version.c_str();
        out->catalog_sha256 = r.catalog_sha256.c_str();
        out->library_version = r.library_version.c_str();
        out->checked_at = r.checked_at.c_str();
        out->as_of = d->as_of.c_str();
        out->department = r.department.c_str();
        out->purpose = r.purpose.c_str();
        out->data_as_of = r.data_as_of.c_str();
        return CREDCHECK_OK;
    });
}

size_t credcheck_decision_caveat_count(const credcheck_decision* d) { return d == nullptr ? 0 : d->decision.caveats.size(); }

const char* credcheck_decision_caveat(const credcheck_decision* d, size_t index) {
    if (d == nullptr || index >= d->decision.caveats.size()) return nullptr;
    return d->decision.caveats[index].c_str();
}

int credcheck_decision_logged(const credcheck_decision* d, const char** log_error) {
    if (d == nullptr) return 0;
    if (log_error != nullptr) *log_error = d->decision.log_error.c_str();
    return d->decision.logged ? 1 : 0;
}

int credcheck_decision_json(const credcheck_decision* d, unsigned flags, char** out_json) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded("credcheck_decision_json", [&]() -> int {
        if (d == nullptr || out_json == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_decision_json: decision and out_json must not be NULL");
        if ((flags & CREDCHECK_JSON_UNMASKED) && !d->full_ids_allowed)
            return fail(CREDCHECK_PERMISSION_DENIED, "credcheck_decision_json: only the credit office sees citizen ID numbers in full");
        const auto personal = (flags & CREDCHECK_JSON_UNMASKED) ? credcheck::serialize::PersonalData::full : credcheck::serialize::PersonalData::masked;
        *out_json = credcheck::capi::malloc_copy(credcheck::serialize::decision_json(d->decision, personal).dump());
        if (*out_json == nullptr) return fail(CREDCHECK_OUT_OF_MEMORY, "credcheck_decision_json: out of memory");
        return CREDCHECK_OK;
    });
}

} // extern "C"
