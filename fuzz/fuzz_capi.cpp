// fuzz_capi — the C ABI's request handling: credcheck_identify, credcheck_check, credcheck_check_batch,
// every decision accessor and credcheck_decision_json, on a small database created once at start-up
// (credcheck_db_open CREATE + credcheck_import_file of a few list entries, then reopened read-only so
// that checks do not fill the check log).
//
// Input: a control byte, then fields separated by '\n': subject, scenario, as_of, tail, purpose, and
// more subjects for the batch. Control bits 0–2: credcheck_identify's LENIENT, NO_NORMALIZE and
// UNMASKED; bit 3: pass as_of (else NULL: today); bit 4: pass the request as a newer header's struct
// whose unknown tail holds the bytes of `tail` (refused with STRUCT_TOO_NEW unless they are all zero);
// bit 5: purpose (else NULL); bit 6: CREDCHECK_JSON_UNMASKED. Missing fields are "". Properties: every
// status is one the function documents (never INTERNAL), outputs are set exactly when the call
// succeeds, the JSON parses, a batch agrees with single checks, and everything returned is freed
// (LeakSanitizer checks).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "credcheck.h"
#include "fuzz_support.hpp"

namespace {

credcheck_db* database() {
    static credcheck_db* const db = [] {
        const auto dir = credcheck::fuzz::scratch_dir();
        const std::string path = (dir / "capi.db").string();
        credcheck_db* writer = nullptr;
        credcheck_open_options create = CREDCHECK_OPEN_OPTIONS_INIT;
        create.flags = CREDCHECK_OPEN_CREATE;
        FUZZ_REQUIRE(credcheck_db_open(&writer, path.c_str(), &create) == CREDCHECK_OK);
        const std::string lists = (dir / "lists.csv").string();
        FILE* f = std::fopen(lists.c_str(), "wb");
        FUZZ_REQUIRE(f != nullptr);
        std::fputs("list,subject_code,subject_name,department,document_no,entered_on,expires_on,responsible_person_id,responsible_person_name\n"
                   "court.dishonest_debtor,91420704MA003B1T7L,鄂州市恒信建材有限公司,鄂州市中级人民法院,(2024)鄂07执恢12号,2024-06-18,,420703197005120018,王建国\n"
                   "court.dishonest_debtor,420704197511030054,李明,鄂州市中级人民法院,(2025)鄂0704执88号,2025-08-20,,,\n"
                   "samr.serious_illegal,91420702MA003B1XXY,鄂州市梁子湖生态农业有限公司,鄂州市市场监督管理局,鄂市监严失〔2026〕2号,2026-03-02,2029-03-02,,\n"
                   "credit.model,91420704MA003B1U5F,鄂州市诚达物流有限公司,鄂州市发展和改革委员会,鄂信用办〔2025〕3号,2025-01-10,2028-01-10,,\n",
                   f);
        std::fclose(f);
        credcheck_import_report report = CREDCHECK_IMPORT_REPORT_INIT;
        const int imported = credcheck_import_file(&report, writer, CREDCHECK_IMPORT_KIND_LISTS, lists.c_str(), 0);
        if (imported != CREDCHECK_OK) std::fprintf(stderr, "fuzz_capi: import failed: %s\n", credcheck_last_error());
        FUZZ_REQUIRE(imported == CREDCHECK_OK && report.inserted == 4);
        credcheck_db_close(writer);
        credcheck_db* reader = nullptr;
        credcheck_open_options read_only = CREDCHECK_OPEN_OPTIONS_INIT;
        read_only.flags = CREDCHECK_OPEN_READONLY;
        FUZZ_REQUIRE(credcheck_db_open(&reader, path.c_str(), &read_only) == CREDCHECK_OK);
        return reader;
    }();
    return db;
}

void check_identify(const std::string& text, unsigned flags) {
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    const int status = credcheck_identify(&id, text.c_str(), flags);
    FUZZ_REQUIRE(status == CREDCHECK_OK || status == CREDCHECK_INVALID_IDENTIFIER);
    FUZZ_REQUIRE(id.normalized != nullptr && id.error != nullptr && id.size == sizeof id);
    if (status == CREDCHECK_OK) {
        FUZZ_REQUIRE(id.kind >= CREDCHECK_ID_USCC && id.kind <= CREDCHECK_ID_FOREIGN_REGISTRATION_NO);
        FUZZ_REQUIRE(id.normalized[0] != '\0' && id.error[0] == '\0');
    } else {
        FUZZ_REQUIRE(id.kind == CREDCHECK_ID_NONE && id.normalized[0] == '\0');
        FUZZ_REQUIRE(id.error[0] != '\0' && credcheck_last_error()[0] != '\0');
        FUZZ_REQUIRE(id.closest_kind >= CREDCHECK_ID_NONE && id.closest_kind <= CREDCHECK_ID_FOREIGN_REGISTRATION_NO);
    }
}

bool is_check_error(int status) {
    return status == CREDCHECK_INVALID_IDENTIFIER || status == CREDCHECK_INVALID_ARGUMENT;
}

void require_string(const char* s) { FUZZ_REQUIRE(s != nullptr && std::strlen(s) < (std::size_t{1} << 20)); }

void read_measures(const credcheck_decision* d, int which) {
    const std::size_t n = credcheck_decision_measure_count(d, which);
    for (std::size_t i = 0; i <= n; ++i) {
        credcheck_measure m = CREDCHECK_MEASURE_INIT;
        const int status = credcheck_decision_measure(&m, d, which, i);
        if (i == n) {
            FUZZ_REQUIRE(status == CREDCHECK_NOT_FOUND);
            break;
        }
        FUZZ_REQUIRE(status == CREDCHECK_OK);
        for (const char* s : {m.code, m.name, m.legal_basis, m.reason, m.list, m.listed_code, m.listed_name, m.department, m.document_no,
                              m.entered_on, m.expires_on, m.entry_legal_basis})
            require_string(s);
        for (const char* s : {credcheck_effect_name(m.effect), credcheck_via_name(m.via), credcheck_person_role_name(m.role)})
            FUZZ_REQUIRE(std::strcmp(s, "unknown") != 0);
        for (std::size_t b = 0; b <= m.basis_count; ++b) {
            credcheck_basis basis = CREDCHECK_BASIS_INIT;
            const int got = credcheck_decision_measure_basis(&basis, d, which, i, b);
            FUZZ_REQUIRE(got == (b == m.basis_count ? CREDCHECK_NOT_FOUND : CREDCHECK_OK));
            if (got == CREDCHECK_OK) FUZZ_REQUIRE(std::strcmp(credcheck_basis_level_name(basis.level), "unknown") != 0);
        }
        FUZZ_REQUIRE((which == CREDCHECK_MEASURES_SUSPENDED) == (m.objection_id != 0));
    }
}

void read_decision(const credcheck_decision* d, unsigned json_flags) {
    FUZZ_REQUIRE(d != nullptr);
    const int verdict = credcheck_decision_verdict(d);
    FUZZ_REQUIRE(verdict >= CREDCHECK_VERDICT_DENY && verdict <= CREDCHECK_VERDICT_FAVOR);
    require_string(credcheck_verdict_name(verdict));
    const int found = credcheck_decision_subject_found(d);
    FUZZ_REQUIRE(found == 0 || found == 1);
    for (const char* s : {credcheck_decision_subject_code(d), credcheck_decision_subject_name(d),
                          credcheck_subject_kind_name(credcheck_decision_subject_kind(d)),
                          credcheck_subject_status_name(credcheck_decision_subject_status(d)), credcheck_decision_scenario(d),
                          credcheck_decision_as_of(d)})
        require_string(s);
    FUZZ_REQUIRE((found == 1) == (credcheck_decision_subject_kind(d) != CREDCHECK_SUBJECT_UNKNOWN));
    read_measures(d, CREDCHECK_MEASURES_APPLIED);
    read_measures(d, CREDCHECK_MEASURES_SUSPENDED);
    const int green = credcheck_decision_green_channel(d);
    FUZZ_REQUIRE(green == 0 || green == 1);
    require_string(credcheck_decision_green_channel_reason(d));
    credcheck_receipt receipt = CREDCHECK_RECEIPT_INIT;
    FUZZ_REQUIRE(credcheck_decision_receipt(&receipt, d) == CREDCHECK_OK);
    for (const char* s : {receipt.id, receipt.catalog_version, receipt.catalog_sha256, receipt.library_version, receipt.checked_at,
                          receipt.as_of, receipt.department, receipt.purpose, receipt.data_as_of})
        require_string(s);
    for (std::size_t i = 0; i < credcheck_decision_caveat_count(d); ++i) require_string(credcheck_decision_caveat(d, i));
    const int logged = credcheck_decision_logged(d);
    FUZZ_REQUIRE((logged == 0 || logged == 1) && credcheck_decision_log_error(d) != nullptr);
    char* json = nullptr;
    FUZZ_REQUIRE(credcheck_decision_json(&json, d, json_flags) == CREDCHECK_OK && json != nullptr);
    FUZZ_REQUIRE(nlohmann::json::accept(json));
    credcheck_free(json);
}

std::vector<std::string> split(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> fields(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == '\n') fields.emplace_back();
        else fields.back().push_back(static_cast<char>(data[i]));
    }
    while (fields.size() < 5) fields.emplace_back();
    return fields;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)database();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned control = data[0];
    const std::vector<std::string> fields = split(data + 1, size - 1);
    credcheck_db* db = database();

    const unsigned identify_flags = ((control & 1u) ? CREDCHECK_IDENTIFY_LENIENT : 0u) | ((control & 2u) ? CREDCHECK_IDENTIFY_NO_NORMALIZE : 0u) |
                                    ((control & 4u) ? CREDCHECK_IDENTIFY_UNMASKED : 0u);
    for (const auto& field : fields) check_identify(field, identify_flags);

    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    request.subject = fields[0].c_str();
    request.scenario = fields[1].c_str();
    request.as_of = (control & 8u) ? fields[2].c_str() : nullptr;
    request.purpose = (control & 32u) ? fields[4].c_str() : nullptr;
    const unsigned json_flags = (control & 64u) ? CREDCHECK_JSON_UNMASKED : 0u;

    // A newer header's request: ours, then a tail of fields this library does not know.
    if (control & 16u) {
        const std::string& tail = fields[3];
        const std::size_t size = sizeof request + tail.size();
        auto grown = std::make_unique<unsigned char[]>(size);
        std::memcpy(grown.get(), &request, sizeof request);
        std::memcpy(grown.get() + sizeof request, tail.data(), tail.size());
        std::memcpy(grown.get(), &size, sizeof size);
        credcheck_decision* d = nullptr;
        const int grown_status = credcheck_check(&d, db, reinterpret_cast<const credcheck_check_request*>(grown.get()));
        const bool tail_zero = tail.find_first_not_of('\0') == std::string::npos;
        if (!tail_zero) FUZZ_REQUIRE(grown_status == CREDCHECK_STRUCT_TOO_NEW && d == nullptr);
        else FUZZ_REQUIRE(grown_status == CREDCHECK_OK || is_check_error(grown_status));
        credcheck_decision_free(d);
    }

    credcheck_decision* single = nullptr;
    const int status = credcheck_check(&single, db, &request);
    if (status == CREDCHECK_OK) {
        read_decision(single, json_flags);
    } else {
        FUZZ_REQUIRE(is_check_error(status));
        FUZZ_REQUIRE(single == nullptr && credcheck_last_error()[0] != '\0');
    }

    // The batch: the first subject, then every field after purpose (at most 8 in all).
    std::vector<const char*> subjects{fields[0].c_str()};
    for (std::size_t i = 5; i < fields.size() && subjects.size() < 8; ++i) subjects.push_back(fields[i].c_str());
    std::vector<credcheck_decision*> out(subjects.size(), reinterpret_cast<credcheck_decision*>(&request)); // not NULL: must be reset
    const int batch = credcheck_check_batch(out.data(), db, &request, subjects.data(), subjects.size());
    if (batch == CREDCHECK_OK) {
        for (std::size_t i = 0; i < out.size(); ++i) read_decision(out[i], json_flags);
        // Same data, same request: the batch's first decision is the single check's.
        if (status == CREDCHECK_OK) {
            FUZZ_REQUIRE(credcheck_decision_verdict(out[0]) == credcheck_decision_verdict(single));
            FUZZ_REQUIRE(std::strcmp(credcheck_decision_subject_code(out[0]), credcheck_decision_subject_code(single)) == 0);
            FUZZ_REQUIRE(credcheck_decision_measure_count(out[0], CREDCHECK_MEASURES_APPLIED) ==
                         credcheck_decision_measure_count(single, CREDCHECK_MEASURES_APPLIED));
        }
    } else {
        FUZZ_REQUIRE(is_check_error(batch));
        for (credcheck_decision* d : out) FUZZ_REQUIRE(d == nullptr);
        if (status == CREDCHECK_OK && subjects.size() == 1) {
            FUZZ_REQUIRE(false && "the batch of the one subject a single check accepted failed");
        }
    }
    for (credcheck_decision* d : out) credcheck_decision_free(d);
    credcheck_decision_free(single);

    // Misuse is reported as such: a NULL out array, a request not initialised.
    FUZZ_REQUIRE(credcheck_check_batch(nullptr, db, &request, nullptr, 0) == CREDCHECK_MISUSE);
    credcheck_check_request unset{};
    credcheck_decision* none = nullptr;
    FUZZ_REQUIRE(credcheck_check(&none, db, &unset) == CREDCHECK_MISUSE && none == nullptr);
    return 0;
}
