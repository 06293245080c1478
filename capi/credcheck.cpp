// The C ABI: a thin translation of the C++ API. Every entry point catches every exception, converts
// types (enums by capi/enums.hpp, versioned structs by the rule in capi_internal.hpp), records the
// error for credcheck_last_error() and returns a pinned status.
#define CREDCHECK_BUILDING 1
#include "credcheck.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "capi_internal.hpp"
#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/error.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/import.hpp"
#include "credcheck/version.hpp"
#include "enums.hpp"
#include "credcheck/json.hpp"

static_assert(CREDCHECK_VERSION_NUMBER == ((CREDCHECK_VERSION_MAJOR * 1000000) + (CREDCHECK_VERSION_MINOR * 1000) + CREDCHECK_VERSION_PATCH));

using credcheck::capi::fail;
using credcheck::capi::guarded;
using credcheck::capi::misuse;
using credcheck::capi::output_size;
using credcheck::capi::read_struct;
using credcheck::capi::to_c;
using credcheck::capi::write_struct;

char* credcheck::capi::malloc_copy(const std::string& text) noexcept {
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

namespace credcheck::capi {

/// A decision, with the text its accessors hand out kept alive beside it (seen by callers as a
/// credcheck_decision, like DbHandle).
struct DecisionHandle {
    DecisionHandle(credcheck::Decision d, bool may_unmask) : decision(std::move(d)), full_ids_allowed(may_unmask) {
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

    const std::vector<credcheck::AppliedMeasure>* measures(int which) const noexcept {
        return which == CREDCHECK_MEASURES_APPLIED ? &decision.measures : which == CREDCHECK_MEASURES_SUSPENDED ? &decision.suspended : nullptr;
    }
};

inline const DecisionHandle* of(const credcheck_decision* handle) noexcept { return reinterpret_cast<const DecisionHandle*>(handle); }
inline DecisionHandle* of(credcheck_decision* handle) noexcept { return reinterpret_cast<DecisionHandle*>(handle); }
inline credcheck_decision* to_c(DecisionHandle* handle) noexcept { return reinterpret_cast<credcheck_decision*>(handle); }

} // namespace credcheck::capi

using credcheck::capi::DbHandle;
using credcheck::capi::DecisionHandle;
using credcheck::capi::of;
using credcheck::capi::to_c;

namespace {

const char* empty_if_null(const char* s) { return s ? s : ""; }

/// The name of C number `value` among the enumerators `all` of E, by their C numbers.
template <class E, std::size_t N> const char* name_of(int value, const E (&all)[N]) noexcept {
    for (E e : all)
        if (to_c(e) == value) return credcheck::to_string(e).data(); // static, NUL-terminated literals
    return "unknown";
}

constexpr std::size_t kIdentityV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_identity, error);
constexpr std::size_t kPrincipalV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_principal, officer);
constexpr std::size_t kOpenOptionsV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_open_options, busy_timeout_ms);
constexpr std::size_t kCheckRequestV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_check_request, purpose);
constexpr std::size_t kMeasureV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_measure, basis_count);
constexpr std::size_t kBasisV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_basis, verified);
constexpr std::size_t kReceiptV1 = CREDCHECK_FIRST_LAYOUT_SIZE(credcheck_receipt, data_as_of);

/// The identity strings of the calling thread's last credcheck_identify.
thread_local std::string identity_normalized, identity_error, identity_note;

credcheck::Principal principal_from(const credcheck_principal* given, const char* function) {
    const auto p = read_struct(given, kPrincipalV1, function, "principal", "CREDCHECK_PRINCIPAL_INIT");
    const auto role = credcheck::capi::access_role_from_c(p.role);
    if (!role)
        throw credcheck::Error(credcheck::Status::invalid_argument,
                               std::string(function) + ": principal->role " + std::to_string(p.role) +
                                   " is not CREDCHECK_ROLE_CREDIT_OFFICE, _INITIATING, _IMPLEMENTING or _PUBLIC");
    credcheck::Principal out{empty_if_null(p.department), *role, empty_if_null(p.officer)};
    if (out.department.empty() && (*role == credcheck::AccessRole::initiating || *role == credcheck::AccessRole::implementing))
        throw credcheck::Error(credcheck::Status::invalid_argument,
                               std::string(function) + ": an " + std::string(credcheck::to_string(*role)) + " principal must name its department");
    return out;
}

credcheck::CheckRequest request_from(const credcheck_check_request& r) {
    credcheck::CheckRequest out;
    out.subject = empty_if_null(r.subject);
    out.scenario = empty_if_null(r.scenario);
    if (r.as_of != nullptr) out.as_of = credcheck::Date::parse_or_throw(r.as_of, "as_of");
    out.purpose = empty_if_null(r.purpose);
    out.subject_name = empty_if_null(r.subject_name);
    return out;
}

} // namespace

extern "C" {

const char* credcheck_libversion(void) { return credcheck::library_version(); }
int credcheck_libversion_number(void) { return credcheck::library_version_number(); }
int credcheck_abi_version(void) { return CREDCHECK_ABI_VERSION; }

const char* credcheck_status_name(int status) {
    if (status < CREDCHECK_OK || status > CREDCHECK_FEED_REFUSED) return "unknown";
    return credcheck::status_name(static_cast<credcheck::Status>(status)).data(); // pinned numbers, static literals
}

const char* credcheck_last_error(void) { return credcheck::capi::last_error.c_str(); }

void credcheck_free(void* p) { std::free(p); }

int credcheck_configure_for_threads(void) { return credcheck::configure_sqlite_for_threads() ? CREDCHECK_OK : CREDCHECK_MISUSE; }

const char* credcheck_id_kind_name(int kind) {
    using K = credcheck::IdentifierKind;
    for (K k : {K::none, K::uscc, K::org_code, K::registration_no, K::citizen_id, K::tax_registration_no, K::taxpayer_no, K::registration_no_13,
                K::foreign_registration_no})
        if (to_c(k) == kind) return credcheck::identifier_kind_name(k).data(); // static literals
    return "unknown";
}

int credcheck_identify(credcheck_identity* out, const char* text, unsigned flags) {
    return guarded("credcheck_identify", [&]() -> int {
        const std::size_t size = output_size(out, kIdentityV1, "credcheck_identify", "CREDCHECK_IDENTITY_INIT");
        if (text == nullptr) throw misuse("credcheck_identify", "text is NULL");
        constexpr unsigned kKnown = CREDCHECK_IDENTIFY_NO_NORMALIZE | CREDCHECK_IDENTIFY_UNMASKED | CREDCHECK_IDENTIFY_LENIENT;
        if (flags & ~kKnown)
            throw misuse("credcheck_identify", "unknown flags " + std::to_string(flags & ~kKnown) +
                                                   " (0x1, 0.x's STRICT, is retired: strict is the default, CREDCHECK_IDENTIFY_LENIENT opts out)");
        credcheck::IdentifyOptions options;
        options.uscc_check = (flags & CREDCHECK_IDENTIFY_LENIENT) ? credcheck::UsccCheck::check_character : credcheck::UsccCheck::strict;
        options.normalization = (flags & CREDCHECK_IDENTIFY_NO_NORMALIZE) ? credcheck::Normalization::none : credcheck::Normalization::lenient;
        const auto id = credcheck::identify(text, options);
        credcheck_identity result{};
        result.kind = to_c(id.kind());
        result.closest_kind = to_c(id.closest_kind());
        if (id.ok()) {
            const auto* citizen = id.get<credcheck::CitizenId>();
            const auto* taxpayer = id.get<credcheck::TaxpayerNo>();
            identity_normalized = (flags & CREDCHECK_IDENTIFY_UNMASKED) ? id.normalized()
                                  : citizen                            ? citizen->masked()
                                  : taxpayer                           ? taxpayer->masked()
                                                                       : id.normalized();
            identity_error.clear();
        } else {
            identity_normalized.clear();
            identity_error = id.error()->message;
            result.error_position = id.error()->position;
        }
        identity_note = id.note();
        result.normalized = identity_normalized.c_str();
        result.error = identity_error.c_str();
        result.changes = credcheck::capi::to_c(id.changes());
        result.masked = id.masked() ? 1 : 0;
        result.note = identity_note.c_str();
        write_struct(out, size, result);
        return id.ok() ? CREDCHECK_OK : fail(CREDCHECK_INVALID_IDENTIFIER, identity_error);
    });
}

int credcheck_db_open(credcheck_db** out, const char* path, const credcheck_open_options* options) {
    if (out != nullptr) *out = nullptr;
    return guarded("credcheck_db_open", [&]() -> int {
        if (out == nullptr || path == nullptr) throw misuse("credcheck_db_open", "out and path must not be NULL");
        credcheck_open_options o{};
        if (options != nullptr) o = read_struct(options, kOpenOptionsV1, "credcheck_db_open", "options", "CREDCHECK_OPEN_OPTIONS_INIT");
        constexpr unsigned kKnown = CREDCHECK_OPEN_READONLY | CREDCHECK_OPEN_CREATE | CREDCHECK_OPEN_REQUIRE_LOG;
        if (o.flags & ~kKnown) throw misuse("credcheck_db_open", "unknown flags " + std::to_string(o.flags & ~kKnown));
        if ((o.flags & CREDCHECK_OPEN_CREATE) && (o.flags & CREDCHECK_OPEN_READONLY))
            throw misuse("credcheck_db_open", "CREATE and READONLY exclude each other");
        if (o.busy_timeout_ms < 0) throw misuse("credcheck_db_open", "busy_timeout_ms is negative");
        credcheck::OpenOptions open;
        open.read_only = (o.flags & CREDCHECK_OPEN_READONLY) != 0;
        open.require_log = (o.flags & CREDCHECK_OPEN_REQUIRE_LOG) != 0;
        if (o.busy_timeout_ms > 0) open.busy_timeout_ms = o.busy_timeout_ms;
        if (o.max_data_age_seconds < 0) throw misuse("credcheck_db_open", "max_data_age_seconds is negative");
        if (o.max_data_age_seconds > 0) open.max_data_age = std::chrono::seconds(o.max_data_age_seconds);
        if (o.principal != nullptr) open.principal = principal_from(o.principal, "credcheck_db_open");
        if (o.flags & CREDCHECK_OPEN_CREATE) credcheck::init_database(path);
        *out = to_c(new DbHandle(credcheck::Database::open(path, open)));
        return CREDCHECK_OK;
    });
}

int credcheck_db_as(credcheck_db** out, credcheck_db* db, const credcheck_principal* principal) {
    if (out != nullptr) *out = nullptr;
    return guarded("credcheck_db_as", [&]() -> int {
        if (out == nullptr || db == nullptr) throw misuse("credcheck_db_as", "out and db must not be NULL");
        *out = to_c(new DbHandle(of(db)->db.as(principal_from(principal, "credcheck_db_as"))));
        return CREDCHECK_OK;
    });
}

void credcheck_db_close(credcheck_db* db) { delete of(db); }

int credcheck_import_file(credcheck_import_report* out, credcheck_db* db, int kind, const char* path, unsigned flags) {
    // The options credcheck_import_run takes, with this function's two flags only.
    constexpr unsigned kKnown = CREDCHECK_IMPORT_PARTIAL | CREDCHECK_IMPORT_GB18030;
    if (flags & ~kKnown) return fail(CREDCHECK_MISUSE, "credcheck_import_file: unknown flags " + std::to_string(flags & ~kKnown));
    credcheck_import_options options{}; // not the INIT macro: a test build appends a field to the struct
    options.size = sizeof options;
    options.kind = kind;
    options.flags = flags;
    return credcheck::capi::run_import("credcheck_import_file", out, nullptr, db, path, &options);
}

int credcheck_check(credcheck_decision** out, credcheck_db* db, const credcheck_check_request* request) {
    if (out != nullptr) *out = nullptr;
    return guarded("credcheck_check", [&]() -> int {
        if (db == nullptr || out == nullptr) throw misuse("credcheck_check", "out and db must not be NULL");
        const auto r = read_struct(request, kCheckRequestV1, "credcheck_check", "request", "CREDCHECK_CHECK_REQUEST_INIT");
        if (r.subject == nullptr || r.scenario == nullptr) throw misuse("credcheck_check", "request->subject and request->scenario must be set");
        auto decision = std::make_unique<DecisionHandle>(of(db)->checker.check(request_from(r)), of(db)->db.principal().sees_full_ids());
        *out = to_c(decision.release());
        return CREDCHECK_OK;
    });
}

int credcheck_check_batch(credcheck_decision** out, credcheck_db* db, const credcheck_check_request* common, const char* const* subjects,
                          size_t count) {
    if (out != nullptr)
        for (size_t i = 0; i < count; ++i) out[i] = nullptr;
    return guarded("credcheck_check_batch", [&]() -> int {
        if (db == nullptr || out == nullptr || (subjects == nullptr && count > 0))
            throw misuse("credcheck_check_batch", "out, db and subjects must not be NULL");
        const auto r = read_struct(common, kCheckRequestV1, "credcheck_check_batch", "common", "CREDCHECK_CHECK_REQUEST_INIT");
        if (r.scenario == nullptr) throw misuse("credcheck_check_batch", "common->scenario must be set");
        std::vector<std::string> codes;
        codes.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            if (subjects[i] == nullptr) throw misuse("credcheck_check_batch", "subject #" + std::to_string(i + 1) + " is NULL");
            codes.emplace_back(subjects[i]);
        }
        auto decisions = of(db)->checker.check_batch(codes, request_from(r));
        std::vector<std::unique_ptr<DecisionHandle>> owned;
        owned.reserve(decisions.size());
        for (auto& d : decisions) owned.push_back(std::make_unique<DecisionHandle>(std::move(d), of(db)->db.principal().sees_full_ids()));
        for (size_t i = 0; i < count; ++i) out[i] = to_c(owned[i].release());
        return CREDCHECK_OK;
    });
}

void credcheck_decision_free(credcheck_decision* decision) { delete of(decision); }

const char* credcheck_verdict_name(int verdict) {
    using V = credcheck::Verdict;
    static constexpr V kAll[] = {V::deny, V::restrict, V::review, V::allow, V::favor};
    return name_of(verdict, kAll);
}

const char* credcheck_subject_kind_name(int kind) {
    if (kind == CREDCHECK_SUBJECT_UNKNOWN) return "";
    using K = credcheck::SubjectKind;
    static constexpr K kAll[] = {K::legal_person, K::other_organization, K::individual_business, K::natural_person};
    return name_of(kind, kAll);
}

const char* credcheck_subject_status_name(int status) {
    if (status == CREDCHECK_SUBJECT_STATUS_UNKNOWN) return "";
    using S = credcheck::SubjectStatus;
    static constexpr S kAll[] = {S::active, S::deregistered, S::revoked};
    return name_of(status, kAll);
}

const char* credcheck_effect_name(int effect) {
    using E = credcheck::Effect;
    static constexpr E kAll[] = {E::prohibit, E::restrict, E::scrutinize, E::incentive};
    return name_of(effect, kAll);
}

const char* credcheck_via_name(int via) {
    using V = credcheck::Via;
    static constexpr V kAll[] = {V::self, V::organization, V::legal_representative, V::principal};
    return name_of(via, kAll);
}

const char* credcheck_person_role_name(int role) {
    using R = credcheck::PersonRole;
    static constexpr R kAll[] = {R::none, R::legal_representative, R::principal, R::responsible_person};
    return name_of(role, kAll);
}

const char* credcheck_basis_level_name(int level) {
    using L = credcheck::BasisLevel;
    static constexpr L kAll[] = {L::law,           L::administrative_regulation, L::judicial_interpretation, L::central_policy,
                                 L::departmental_rule, L::local_regulation,     L::local_normative,         L::memorandum};
    return name_of(level, kAll);
}

int credcheck_decision_verdict(const credcheck_decision* d) { return d ? to_c(of(d)->decision.verdict) : -1; }
int credcheck_decision_subject_found(const credcheck_decision* d) { return d && of(d)->decision.subject.found ? 1 : 0; }
const char* credcheck_decision_subject_code(const credcheck_decision* d) { return d ? of(d)->subject_code.c_str() : nullptr; }
const char* credcheck_decision_subject_name(const credcheck_decision* d) { return d ? of(d)->decision.subject.name.c_str() : nullptr; }
int credcheck_decision_subject_kind(const credcheck_decision* d) {
    if (d == nullptr) return -1;
    return of(d)->decision.subject.kind ? to_c(*of(d)->decision.subject.kind) : CREDCHECK_SUBJECT_UNKNOWN;
}
int credcheck_decision_subject_matched_by(const credcheck_decision* d) { return d ? to_c(of(d)->decision.subject.matched_by) : -1; }
int credcheck_decision_subject_status(const credcheck_decision* d) {
    if (d == nullptr) return -1;
    return of(d)->decision.subject.status ? to_c(*of(d)->decision.subject.status) : CREDCHECK_SUBJECT_STATUS_UNKNOWN;
}
const char* credcheck_decision_scenario(const credcheck_decision* d) { return d ? of(d)->decision.scenario.c_str() : nullptr; }
const char* credcheck_decision_as_of(const credcheck_decision* d) { return d ? of(d)->as_of.c_str() : nullptr; }

int credcheck_decision_green_channel(const credcheck_decision* d) { return d && of(d)->decision.green_channel.eligible ? 1 : 0; }
const char* credcheck_decision_green_channel_reason(const credcheck_decision* d) { return d ? of(d)->decision.green_channel.reason.c_str() : nullptr; }

size_t credcheck_decision_caveat_count(const credcheck_decision* d) { return d == nullptr ? 0 : of(d)->decision.caveats.size(); }
const char* credcheck_decision_caveat(const credcheck_decision* d, size_t index) {
    if (d == nullptr || index >= of(d)->decision.caveats.size()) return nullptr;
    return of(d)->decision.caveats[index].c_str();
}

int credcheck_decision_logged(const credcheck_decision* d) { return d && of(d)->decision.logged ? 1 : 0; }
int credcheck_decision_stale(const credcheck_decision* d) { return d && of(d)->decision.stale ? 1 : 0; }
const char* credcheck_decision_stale_reason(const credcheck_decision* d) { return d ? of(d)->decision.stale_reason.c_str() : nullptr; }
const char* credcheck_decision_log_error(const credcheck_decision* d) { return d ? of(d)->decision.log_error.c_str() : nullptr; }

size_t credcheck_decision_measure_count(const credcheck_decision* d, int which) {
    const auto* list = d ? of(d)->measures(which) : nullptr;
    return list ? list->size() : 0;
}

namespace {
const credcheck::AppliedMeasure& measure_at(const credcheck_decision* d, int which, size_t index, const char* function) {
    if (d == nullptr) throw misuse(function, "decision is NULL");
    const auto* list = of(d)->measures(which);
    if (list == nullptr) throw credcheck::Error(credcheck::Status::invalid_argument, std::string(function) + ": which is not CREDCHECK_MEASURES_APPLIED or _SUSPENDED");
    if (index >= list->size())
        throw credcheck::Error(credcheck::Status::not_found,
                               std::string(function) + ": index " + std::to_string(index) + " past the " + std::to_string(list->size()) + " measures");
    return (*list)[index];
}
} // namespace

int credcheck_decision_measure(credcheck_measure* out, const credcheck_decision* d, int which, size_t index) {
    return guarded("credcheck_decision_measure", [&]() -> int {
        const std::size_t size = output_size(out, kMeasureV1, "credcheck_decision_measure", "CREDCHECK_MEASURE_INIT");
        const credcheck::AppliedMeasure& m = measure_at(d, which, index, "credcheck_decision_measure");
        const auto& texts = which == CREDCHECK_MEASURES_APPLIED ? of(d)->applied[index] : of(d)->suspended[index];
        credcheck_measure r{};
        r.code = m.code.c_str();
        r.name = m.name.c_str();
        r.effect = to_c(m.effect);
        r.via = to_c(m.via);
        r.role = to_c(m.role);
        r.legal_basis = m.legal_basis.c_str();
        r.reason = m.reason.c_str();
        r.list = m.source ? m.source->list_code.c_str() : "";
        r.entry_id = m.source ? m.source->entry_id : 0;
        r.listed_code = texts.listed_code.c_str();
        r.listed_name = texts.listed_name.c_str();
        r.department = m.source ? m.source->department.c_str() : "";
        r.document_no = m.source ? m.source->document_no.c_str() : "";
        r.entered_on = texts.entered_on.c_str();
        r.expires_on = texts.expires_on.c_str();
        r.objection_id = m.objection_id.value_or(0);
        r.entry_legal_basis = texts.entry_legal_basis.c_str();
        r.basis_count = m.bases.size();
        write_struct(out, size, r);
        return CREDCHECK_OK;
    });
}

int credcheck_decision_measure_basis(credcheck_basis* out, const credcheck_decision* d, int which, size_t index, size_t basis_index) {
    return guarded("credcheck_decision_measure_basis", [&]() -> int {
        const std::size_t size = output_size(out, kBasisV1, "credcheck_decision_measure_basis", "CREDCHECK_BASIS_INIT");
        const credcheck::AppliedMeasure& m = measure_at(d, which, index, "credcheck_decision_measure_basis");
        if (basis_index >= m.bases.size())
            return fail(CREDCHECK_NOT_FOUND, "credcheck_decision_measure_basis: basis " + std::to_string(basis_index) + " past the " +
                                                 std::to_string(m.bases.size()) + " bases of " + m.code);
        const credcheck::AppliedBasis& b = m.bases[basis_index];
        credcheck_basis r{};
        r.id = b.id.c_str();
        r.citation = b.citation.c_str();
        r.level = to_c(b.level);
        r.verified = b.verified ? 1 : 0;
        write_struct(out, size, r);
        return CREDCHECK_OK;
    });
}

int credcheck_decision_receipt(credcheck_receipt* out, const credcheck_decision* d) {
    return guarded("credcheck_decision_receipt", [&]() -> int {
        const std::size_t size = output_size(out, kReceiptV1, "credcheck_decision_receipt", "CREDCHECK_RECEIPT_INIT");
        if (d == nullptr) throw misuse("credcheck_decision_receipt", "decision is NULL");
        const credcheck::Receipt& receipt = of(d)->decision.receipt;
        credcheck_receipt r{};
        r.id = receipt.id.c_str();
        r.data_version = receipt.data_version;
        r.catalog_version = receipt.catalog_version.c_str();
        r.catalog_sha256 = receipt.catalog_sha256.c_str();
        r.library_version = receipt.library_version.c_str();
        r.checked_at = receipt.checked_at.c_str();
        r.as_of = of(d)->as_of.c_str();
        r.department = receipt.department.c_str();
        r.purpose = receipt.purpose.c_str();
        r.data_as_of = receipt.data_as_of.c_str();
        r.data_expires_at = receipt.data_expires_at.c_str();
        write_struct(out, size, r);
        return CREDCHECK_OK;
    });
}

int credcheck_decision_json(char** out_json, const credcheck_decision* d, unsigned flags) {
    if (out_json != nullptr) *out_json = nullptr;
    return guarded("credcheck_decision_json", [&]() -> int {
        if (d == nullptr || out_json == nullptr) throw misuse("credcheck_decision_json", "out_json and decision must not be NULL");
        if (flags & ~CREDCHECK_JSON_UNMASKED) throw misuse("credcheck_decision_json", "unknown flags " + std::to_string(flags & ~CREDCHECK_JSON_UNMASKED));
        if ((flags & CREDCHECK_JSON_UNMASKED) && !of(d)->full_ids_allowed)
            return fail(CREDCHECK_PERMISSION_DENIED, "credcheck_decision_json: only the credit office sees citizen ID numbers in full");
        const auto personal = (flags & CREDCHECK_JSON_UNMASKED) ? credcheck::serialize::PersonalData::full : credcheck::serialize::PersonalData::masked;
        *out_json = credcheck::capi::malloc_copy(credcheck::serialize::decision_json(of(d)->decision, personal).dump());
        if (*out_json == nullptr) return fail(CREDCHECK_OUT_OF_MEMORY, "credcheck_decision_json: out of memory");
        return CREDCHECK_OK;
    });
}

} // extern "C"
