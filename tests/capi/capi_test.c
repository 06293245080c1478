/* The C ABI as a C program sees it: every function and its error paths, and the extensible-struct rule. */
#include "credcheck.h"

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

static int failures = 0;
static int checks = 0;

#define EXPECT(cond)                                                                    \
    do {                                                                                \
        ++checks;                                                                       \
        if (!(cond)) {                                                                  \
            ++failures;                                                                 \
            fprintf(stderr, "%s:%d: expectation failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                               \
    } while (0)

static void test_versions(void) {
    EXPECT(credcheck_libversion_number() == CREDCHECK_VERSION_NUMBER);
    EXPECT(strcmp(credcheck_libversion(), CREDCHECK_VERSION_STRING) == 0);
    EXPECT(credcheck_abi_version() == CREDCHECK_ABI_VERSION);
}

static void test_status_names(void) {
    EXPECT(strcmp(credcheck_status_name(CREDCHECK_OK), "ok") == 0);
    EXPECT(strcmp(credcheck_status_name(CREDCHECK_INVALID_IDENTIFIER), "invalid_identifier") == 0);
    EXPECT(strcmp(credcheck_status_name(CREDCHECK_MISUSE), "misuse") == 0);
    EXPECT(strcmp(credcheck_status_name(CREDCHECK_STRUCT_TOO_NEW), "struct_too_new") == 0);
    EXPECT(strcmp(credcheck_status_name(-1), "unknown") == 0);
    EXPECT(strcmp(credcheck_status_name(9999), "unknown") == 0);
}

static void test_identify_valid(void) {
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    EXPECT(credcheck_identify(&id, " 91350100m000100y43 ", 0) == CREDCHECK_OK);
    EXPECT(id.kind == CREDCHECK_ID_USCC);
    EXPECT(strcmp(id.normalized, "91350100M000100Y43") == 0);
    EXPECT(id.error != NULL && id.error[0] == '\0');
    EXPECT(strcmp(credcheck_id_kind_name(id.kind), "uscc") == 0 && strcmp(credcheck_id_kind_name(42), "unknown") == 0);

    EXPECT(credcheck_identify(&id, "D2143569-X", 0) == CREDCHECK_OK);
    EXPECT(id.kind == CREDCHECK_ID_ORG_CODE);
    EXPECT(credcheck_identify(&id, "110108000000016", 0) == CREDCHECK_OK);
    EXPECT(id.kind == CREDCHECK_ID_REGISTRATION_NO);
}

static void test_identify_masks_personal_ids(void) {
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    EXPECT(credcheck_identify(&id, "11010519491231002X", 0) == CREDCHECK_OK);
    EXPECT(id.kind == CREDCHECK_ID_CITIZEN_ID);
    EXPECT(strcmp(id.normalized, "110105********002X") == 0);
    EXPECT(credcheck_identify(&id, "11010519491231002X", CREDCHECK_IDENTIFY_UNMASKED) == CREDCHECK_OK);
    EXPECT(strcmp(id.normalized, "11010519491231002X") == 0);
}

static void test_identify_invalid(void) {
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    EXPECT(credcheck_identify(&id, "91350100M000100Y44", 0) == CREDCHECK_INVALID_IDENTIFIER);
    EXPECT(id.kind == CREDCHECK_ID_NONE);
    EXPECT(id.closest_kind == CREDCHECK_ID_USCC);
    EXPECT(id.error_position == 18);
    EXPECT(strcmp(id.error, "check character is '4', expected '3'") == 0);
    EXPECT(strcmp(credcheck_last_error(), "check character is '4', expected '3'") == 0);

    /* Strict is the default: an authority/category pair not in use fails unless LENIENT. */
    EXPECT(credcheck_identify(&id, "94110000MA0000007X", 0) == CREDCHECK_INVALID_IDENTIFIER);
    EXPECT(strcmp(id.normalized, "") == 0);
    EXPECT(credcheck_identify(&id, "94110000MA0000007X", CREDCHECK_IDENTIFY_LENIENT) == CREDCHECK_OK);
    EXPECT(credcheck_identify(&id, "91350100m000100y43", CREDCHECK_IDENTIFY_NO_NORMALIZE) == CREDCHECK_INVALID_IDENTIFIER);
}

static void test_identify_misuse(void) {
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    credcheck_identity unset;
    memset(&unset, 0, sizeof unset);
    EXPECT(credcheck_identify(NULL, "D2143569-X", 0) == CREDCHECK_MISUSE);
    EXPECT(strstr(credcheck_last_error(), "out is NULL") != NULL);
    EXPECT(credcheck_identify(&id, "D2143569-X", 0x1u) == CREDCHECK_MISUSE); /* 0.x's STRICT: retired */
    EXPECT(strstr(credcheck_last_error(), "retired") != NULL);
    EXPECT(credcheck_identify(&id, NULL, 0) == CREDCHECK_MISUSE);
    EXPECT(credcheck_identify(&unset, "D2143569-X", 0) == CREDCHECK_MISUSE);
    EXPECT(strstr(credcheck_last_error(), "CREDCHECK_IDENTITY_INIT") != NULL);
}

static void test_free_accepts_null(void) {
    credcheck_free(NULL);
    credcheck_db_close(NULL);
    credcheck_decision_free(NULL);
}

static char dir[64];

static const char* path_in(const char* name) {
    static char buffer[4][128];
    static int next = 0;
    char* out = buffer[next++ % 4];
    snprintf(out, 128, "%s/%s", dir, name);
    return out;
}

static void write_file(const char* path, const char* text) {
    FILE* f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static const char* kBidder = "91420704MA00002770";  /* on the dishonest-debtor list */
static const char* kClean = "914403001922038216";   /* no data */

static credcheck_open_options options_with(unsigned flags, const credcheck_principal* principal) {
    credcheck_open_options options = CREDCHECK_OPEN_OPTIONS_INIT;
    options.flags = flags;
    options.principal = principal;
    return options;
}

static int open_db(credcheck_db** out, const char* name, unsigned flags) {
    credcheck_open_options options = options_with(flags, NULL);
    return credcheck_db_open(out, path_in(name), &options);
}

static void test_databases(void) {
    credcheck_db* db = NULL;
    credcheck_import_report report = CREDCHECK_IMPORT_REPORT_INIT;
    credcheck_open_options options = CREDCHECK_OPEN_OPTIONS_INIT;
    EXPECT(credcheck_db_open(&db, path_in("missing.db"), NULL) == CREDCHECK_NOT_FOUND);
    EXPECT(db == NULL);
    EXPECT(strstr(credcheck_last_error(), "credcheck init") != NULL);
    EXPECT(open_db(&db, "x.db", CREDCHECK_OPEN_CREATE | CREDCHECK_OPEN_READONLY) == CREDCHECK_MISUSE);
    EXPECT(open_db(&db, "x.db", 0x80u) == CREDCHECK_MISUSE && strstr(credcheck_last_error(), "unknown flags") != NULL);
    EXPECT(credcheck_db_open(NULL, path_in("x.db"), NULL) == CREDCHECK_MISUSE);
    options.size = 0;
    EXPECT(credcheck_db_open(&db, path_in("x.db"), &options) == CREDCHECK_MISUSE);
    EXPECT(strstr(credcheck_last_error(), "CREDCHECK_OPEN_OPTIONS_INIT") != NULL);

    EXPECT(open_db(&db, "c.db", CREDCHECK_OPEN_CREATE) == CREDCHECK_OK);
    EXPECT(db != NULL);
    write_file(path_in("lists.csv"), "list,subject_code,subject_name,department,document_no,entered_on\n"
                                     "samr.serious_illegal,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市市场监督管理局,(2024)鄂07执1号,2024-06-18\n");
    EXPECT(credcheck_import_file(&report, db, CREDCHECK_IMPORT_KIND_LISTS, path_in("lists.csv"), 0) == CREDCHECK_OK);
    EXPECT(report.rows == 1 && report.inserted == 1 && report.committed == 1 && report.subjects_created == 1);

    write_file(path_in("bad.csv"), "list,subject_code,subject_name,department,document_no,entered_on\n"
                                   "samr.serious_illegal,91420704MA00002771,某公司,法院,X,2024-06-18\n");
    EXPECT(credcheck_import_file(&report, db, CREDCHECK_IMPORT_KIND_LISTS, path_in("bad.csv"), 0) == CREDCHECK_IMPORT_REJECTED);
    EXPECT(report.rejected == 1 && report.committed == 0);
    EXPECT(strstr(credcheck_last_error(), "line 2, column subject_code") != NULL);
    EXPECT(credcheck_import_file(NULL, db, 42, path_in("bad.csv"), 0) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_import_file(NULL, db, CREDCHECK_IMPORT_KIND_LISTS, path_in("none.csv"), 0) == CREDCHECK_NOT_FOUND);
    credcheck_db_close(db);

    EXPECT(open_db(&db, "c.db", CREDCHECK_OPEN_CREATE) == CREDCHECK_CONFLICT);
    EXPECT(open_db(&db, "c.db", CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
    EXPECT(credcheck_import_file(NULL, db, CREDCHECK_IMPORT_KIND_LISTS, path_in("lists.csv"), 0) == CREDCHECK_PERMISSION_DENIED);
    credcheck_db_close(db);
}

static void test_import_run(void) {
    credcheck_db* db = NULL;
    credcheck_import_report report = CREDCHECK_IMPORT_REPORT_INIT;
    credcheck_import_options options = CREDCHECK_IMPORT_OPTIONS_INIT;
    const char* constants[] = {"department=鄂州市市场监督管理局"};
    char* json = NULL;
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    EXPECT(open_db(&db, "run.db", CREDCHECK_OPEN_CREATE) == CREDCHECK_OK);
    /* A title row above the header, the department given as a constant, a code with Excel's apostrophe. */
    write_file(path_in("run.csv"), "2024年严重违法失信名单,,,,\n"
                                   "名单,统一社会信用代码,主体名称,认定文书号,列入日期\n"
                                   "samr.serious_illegal,'91420704MA00002770,鄂州市恒信建材有限公司,(2024)鄂07执1号,2024年06月18日\n");
    options.kind = CREDCHECK_IMPORT_KIND_LISTS;
    options.flags = CREDCHECK_IMPORT_DRY_RUN;
    options.constants = constants;
    options.constant_count = 1;
    EXPECT(credcheck_import_run(&report, &json, db, path_in("run.csv"), &options) == CREDCHECK_OK);
    EXPECT(report.rows == 1 && report.inserted == 1 && report.committed == 0);
    EXPECT(json != NULL && strstr(json, "\"dry_run\":true") != NULL && strstr(json, "\"header_row\":2") != NULL);
    EXPECT(json != NULL && strstr(json, "\"preview\":[{\"row\":3") != NULL);
    credcheck_free(json);
    options.flags = 0;
    EXPECT(credcheck_import_run(&report, NULL, db, path_in("run.csv"), &options) == CREDCHECK_OK);
    EXPECT(report.inserted == 1 && report.committed == 1);
    /* Misuse and refusals. */
    options.flags = 0x100u;
    EXPECT(credcheck_import_run(NULL, NULL, db, path_in("run.csv"), &options) == CREDCHECK_MISUSE);
    options.flags = 0;
    options.sheet = "Sheet1";
    EXPECT(credcheck_import_run(NULL, &json, db, path_in("run.csv"), &options) == CREDCHECK_INVALID_ARGUMENT && json == NULL);
    EXPECT(strstr(credcheck_last_error(), "a CSV file has no sheets") != NULL);
    options.sheet = NULL;
    options.size = 0;
    EXPECT(credcheck_import_run(NULL, NULL, db, path_in("run.csv"), &options) == CREDCHECK_MISUSE);
    EXPECT(strstr(credcheck_last_error(), "CREDCHECK_IMPORT_OPTIONS_INIT") != NULL);
    credcheck_db_close(db);
    /* What normalisation changed, masked codes and notes, in the appended fields of an identity. */
    EXPECT(credcheck_identify(&id, "'91420704MA00002770", 0) == CREDCHECK_OK);
    EXPECT(id.changes == CREDCHECK_NORMALIZED_APOSTROPHE && id.masked == 0 && strcmp(id.note, "") == 0);
    EXPECT(credcheck_identify(&id, "9114082306****333G", 0) == CREDCHECK_INVALID_IDENTIFIER && id.masked == 1);
    EXPECT(credcheck_identify(&id, "4201061234567", 0) == CREDCHECK_OK && id.kind == CREDCHECK_ID_REGISTRATION_NO_13);
    EXPECT(strstr(id.note, "shape and province only") != NULL);
    EXPECT(strcmp(credcheck_id_kind_name(CREDCHECK_ID_TAX_REGISTRATION_NO), "tax_registration_no") == 0);
}

static void test_principals(void) {
    credcheck_db* office = NULL;
    credcheck_db* db = NULL;
    credcheck_db* wider = NULL;
    credcheck_principal p = CREDCHECK_PRINCIPAL_INIT;
    credcheck_open_options options;
    EXPECT(open_db(&office, "c.db", 0) == CREDCHECK_OK);
    /* The role must be set: an initialised but empty principal is never the credit office. */
    EXPECT(credcheck_db_as(&db, office, &p) == CREDCHECK_INVALID_ARGUMENT && db == NULL);
    EXPECT(strstr(credcheck_last_error(), "CREDCHECK_ROLE_CREDIT_OFFICE") != NULL);
    p.role = CREDCHECK_ROLE_IMPLEMENTING;
    EXPECT(credcheck_db_as(&db, office, &p) == CREDCHECK_INVALID_ARGUMENT); /* must name its department */
    p.department = "鄂州市财政局";
    p.officer = "张科员";
    EXPECT(credcheck_db_as(&db, office, &p) == CREDCHECK_OK && db != NULL);
    p.role = CREDCHECK_ROLE_CREDIT_OFFICE;
    p.department = NULL;
    EXPECT(credcheck_db_as(&wider, db, &p) == CREDCHECK_PERMISSION_DENIED && wider == NULL); /* only narrows */
    credcheck_db_close(office); /* the derived handle keeps the file open */
    {
        credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
        credcheck_decision* d = NULL;
        credcheck_receipt receipt = CREDCHECK_RECEIPT_INIT;
        request.subject = kBidder;
        request.scenario = "gov_procurement";
        request.as_of = "2026-11-28";
        EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_OK);
        EXPECT(credcheck_decision_receipt(&receipt, d) == CREDCHECK_OK && strcmp(receipt.department, "鄂州市财政局") == 0);
        credcheck_decision_free(d);
    }
    credcheck_db_close(db);
    p.role = 99;
    options = options_with(0, &p);
    EXPECT(credcheck_db_open(&db, path_in("c.db"), &options) == CREDCHECK_INVALID_ARGUMENT && db == NULL);
}

static void test_checks(void) {
    credcheck_db* db = NULL;
    credcheck_decision* d = NULL;
    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    credcheck_measure measure = CREDCHECK_MEASURE_INIT;
    credcheck_basis basis = CREDCHECK_BASIS_INIT;
    credcheck_receipt receipt = CREDCHECK_RECEIPT_INIT;
    char* json = NULL;
    credcheck_principal centre = CREDCHECK_PRINCIPAL_INIT;
    credcheck_open_options options;
    centre.role = CREDCHECK_ROLE_IMPLEMENTING;
    centre.department = "鄂州市公共资源交易中心";
    centre.officer = "C test";
    options = options_with(CREDCHECK_OPEN_READONLY, &centre);
    EXPECT(credcheck_db_open(&db, path_in("c.db"), &options) == CREDCHECK_OK);

    request.subject = kBidder;
    request.scenario = "gov_procurement";
    request.as_of = "2026-11-28";
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(d) == CREDCHECK_VERDICT_DENY);
    EXPECT(strcmp(credcheck_verdict_name(credcheck_decision_verdict(d)), "deny") == 0);
    EXPECT(credcheck_decision_subject_found(d) == 1);
    EXPECT(strcmp(credcheck_decision_subject_code(d), kBidder) == 0);
    EXPECT(strcmp(credcheck_decision_subject_name(d), "鄂州市恒信建材有限公司") == 0);
    EXPECT(credcheck_decision_subject_kind(d) == CREDCHECK_SUBJECT_LEGAL_PERSON);
    EXPECT(strcmp(credcheck_subject_kind_name(credcheck_decision_subject_kind(d)), "legal_person") == 0);
    EXPECT(credcheck_decision_subject_status(d) == CREDCHECK_SUBJECT_ACTIVE);
    EXPECT(strcmp(credcheck_subject_status_name(CREDCHECK_SUBJECT_ACTIVE), "active") == 0);
    EXPECT(strcmp(credcheck_decision_scenario(d), "gov_procurement") == 0);
    EXPECT(strcmp(credcheck_decision_as_of(d), "2026-11-28") == 0);
    EXPECT(credcheck_decision_measure_count(d, CREDCHECK_MEASURES_APPLIED) == 1);
    EXPECT(credcheck_decision_measure_count(d, CREDCHECK_MEASURES_SUSPENDED) == 0);
    EXPECT(credcheck_decision_measure(&measure, d, CREDCHECK_MEASURES_APPLIED, 0) == CREDCHECK_OK);
    EXPECT(strcmp(measure.code, "P.procurement_ban") == 0);
    EXPECT(measure.effect == CREDCHECK_EFFECT_PROHIBIT && strcmp(credcheck_effect_name(measure.effect), "prohibit") == 0);
    EXPECT(measure.via == CREDCHECK_VIA_SELF && strcmp(credcheck_via_name(measure.via), "self") == 0);
    EXPECT(measure.role == CREDCHECK_PERSON_ROLE_NONE && strcmp(credcheck_person_role_name(measure.role), "") == 0);
    EXPECT(strcmp(measure.list, "samr.serious_illegal") == 0);
    EXPECT(strcmp(measure.document_no, "(2024)鄂07执1号") == 0);
    EXPECT(strcmp(measure.entered_on, "2024-06-18") == 0);
    EXPECT(strcmp(measure.expires_on, "") == 0);
    EXPECT(measure.entry_id > 0 && measure.objection_id == 0);
    EXPECT(measure.entry_legal_basis != NULL && strcmp(measure.entry_legal_basis, "") == 0); /* the file gave none */
    EXPECT(measure.basis_count >= 1);
    EXPECT(credcheck_decision_measure_basis(&basis, d, CREDCHECK_MEASURES_APPLIED, 0, 0) == CREDCHECK_OK);
    EXPECT(strstr(basis.citation, "企业信息公示暂行条例") != NULL && basis.level == CREDCHECK_BASIS_ADMINISTRATIVE_REGULATION);
    EXPECT(strcmp(credcheck_basis_level_name(basis.level), "administrative_regulation") == 0);
    EXPECT(credcheck_decision_measure_basis(&basis, d, CREDCHECK_MEASURES_APPLIED, 0, measure.basis_count) == CREDCHECK_NOT_FOUND);
    EXPECT(credcheck_decision_measure(&measure, d, CREDCHECK_MEASURES_APPLIED, 1) == CREDCHECK_NOT_FOUND);
    EXPECT(credcheck_decision_measure(&measure, d, 7, 0) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_decision_green_channel(d) == 0);
    EXPECT(strlen(credcheck_decision_green_channel_reason(d)) > 0);
    EXPECT(credcheck_decision_receipt(&receipt, d) == CREDCHECK_OK);
    EXPECT(strlen(receipt.id) == 32 && receipt.data_version > 0);
    EXPECT(strcmp(receipt.library_version, CREDCHECK_VERSION_STRING) == 0);
    EXPECT(strcmp(receipt.as_of, "2026-11-28") == 0);
    EXPECT(strcmp(receipt.department, "鄂州市公共资源交易中心") == 0 && strcmp(receipt.purpose, "") == 0);
    EXPECT(receipt.data_as_of != NULL && strlen(receipt.data_as_of) == 20); /* "2026-12-04T02:41:32Z" */
    EXPECT(credcheck_decision_caveat_count(d) == 0 && credcheck_decision_caveat(d, 0) == NULL);
    EXPECT(credcheck_decision_logged(d) == 0); /* opened read-only: not logged, and why */
    EXPECT(strstr(credcheck_decision_log_error(d), "read-only") != NULL);
    EXPECT(credcheck_decision_json(&json, d, 0) == CREDCHECK_OK);
    EXPECT(json != NULL && strncmp(json, "{\"verdict\":\"deny\",", 18) == 0);
    credcheck_free(json);
    EXPECT(credcheck_decision_json(&json, d, CREDCHECK_JSON_UNMASKED) == CREDCHECK_PERMISSION_DENIED && json == NULL);
    credcheck_decision_free(d);

    request.subject = kClean;
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(d) == CREDCHECK_VERDICT_ALLOW && credcheck_decision_subject_found(d) == 0);
    EXPECT(credcheck_decision_subject_kind(d) == CREDCHECK_SUBJECT_UNKNOWN && strcmp(credcheck_decision_subject_name(d), "") == 0);
    credcheck_decision_free(d);

    request.subject = "91420704MA00002771";
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_INVALID_IDENTIFIER && d == NULL);
    EXPECT(strstr(credcheck_last_error(), "check character") != NULL);
    request.subject = kBidder;
    request.scenario = "moon_landing";
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(strstr(credcheck_last_error(), "unknown scenario") != NULL);
    request.scenario = "gov_procurement";
    request.as_of = "2026-02-30";
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_INVALID_ARGUMENT);
    request.as_of = NULL;
    EXPECT(credcheck_check(&d, NULL, &request) == CREDCHECK_MISUSE);
    EXPECT(credcheck_check(&d, db, NULL) == CREDCHECK_MISUSE);
    request.size = 0;
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_MISUSE);
    EXPECT(strstr(credcheck_last_error(), "CREDCHECK_CHECK_REQUEST_INIT") != NULL);
    EXPECT(credcheck_decision_verdict(NULL) == -1);
    EXPECT(credcheck_decision_measure_count(NULL, CREDCHECK_MEASURES_APPLIED) == 0);
    credcheck_db_close(db);
}

static void test_batch(void) {
    credcheck_db* db = NULL;
    credcheck_check_request common = CREDCHECK_CHECK_REQUEST_INIT;
    const char* bidders[3];
    credcheck_decision* out[3];
    bidders[0] = kClean;
    bidders[1] = kBidder;
    bidders[2] = "not a code";
    common.scenario = "public_bidding";
    common.as_of = "2026-11-28";
    EXPECT(open_db(&db, "c.db", CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
    EXPECT(credcheck_check_batch(out, db, &common, bidders, 2) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(out[0]) == CREDCHECK_VERDICT_ALLOW);
    EXPECT(credcheck_decision_verdict(out[1]) == CREDCHECK_VERDICT_DENY);
    credcheck_decision_free(out[0]);
    credcheck_decision_free(out[1]);
    EXPECT(credcheck_check_batch(out, db, &common, bidders, 3) == CREDCHECK_INVALID_IDENTIFIER);
    EXPECT(out[0] == NULL && out[2] == NULL);
    EXPECT(strstr(credcheck_last_error(), "subject #3") != NULL);
    credcheck_db_close(db);
}

static void test_objections(void) {
    credcheck_db* db = NULL;
    credcheck_decision* d = NULL;
    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    credcheck_measure measure = CREDCHECK_MEASURE_INIT;
    long long id = 0;
    EXPECT(open_db(&db, "c.db", 0) == CREDCHECK_OK);
    request.subject = kBidder;
    request.scenario = "gov_procurement";
    request.as_of = "2026-11-28";
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_OK);
    EXPECT(credcheck_decision_measure(&measure, d, CREDCHECK_MEASURES_APPLIED, 0) == CREDCHECK_OK);
    EXPECT(credcheck_objection_file(&id, db, CREDCHECK_TARGET_ENTRY, measure.entry_id, "2026-11-20", "恒信建材", "已履行完毕") == CREDCHECK_OK);
    credcheck_decision_free(d);
    EXPECT(id > 0);
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(d) == CREDCHECK_VERDICT_REVIEW);
    EXPECT(credcheck_decision_measure_count(d, CREDCHECK_MEASURES_SUSPENDED) == 1);
    EXPECT(credcheck_decision_measure(&measure, d, CREDCHECK_MEASURES_SUSPENDED, 0) == CREDCHECK_OK && measure.objection_id == id);
    credcheck_decision_free(d);
    EXPECT(credcheck_objection_file(&id, db, CREDCHECK_TARGET_ENTRY, measure.entry_id, "2026-11-21", "x", "again") == CREDCHECK_CONFLICT);
    EXPECT(credcheck_objection_file(&id, db, CREDCHECK_TARGET_ENTRY, 999999, "2026-11-21", "x", "y") == CREDCHECK_NOT_FOUND);
    EXPECT(credcheck_objection_file(&id, db, 7, 1, "2026-11-21", "x", "y") == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_objection_file(NULL, db, CREDCHECK_TARGET_ENTRY, 1, "2026-11-21", "x", "y") == CREDCHECK_MISUSE);
    EXPECT(credcheck_objection_resolve(db, measure.objection_id, 0, "2026-11-27", "法院", "?") == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_objection_resolve(db, measure.objection_id, CREDCHECK_OBJECTION_UPHELD, "2026-11-27", "鄂州市市场监督管理局", "未履行") ==
           CREDCHECK_OK);
    EXPECT(credcheck_objection_resolve(db, measure.objection_id, CREDCHECK_OBJECTION_UPHELD, "2026-11-27", "鄂州市市场监督管理局", "again") ==
           CREDCHECK_CONFLICT);
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(d) == CREDCHECK_VERDICT_DENY);
    credcheck_decision_free(d);
    credcheck_db_close(db);
}

/* The workflows through the C ABI: calendar, routes → dispatch → inbox → feedback, objections with
 * corrections, commitment and repair, publication, public lists, the report and the audit trail. */
static void test_workflows(void) {
    credcheck_db* db = NULL;
    credcheck_db* finance_db = NULL;
    char day[CREDCHECK_DATE_SIZE];
    int working = -1, days = 0;
    long long apply = -1, lift = -1, id = 0, rows = 0;
    char* json = NULL;
    const char* finance[] = {"鄂州市财政局"};
    const char* columns[] = {"expires_on"};
    const char* values[] = {"2028-03-02"};
    credcheck_feedback feedback = CREDCHECK_FEEDBACK_INIT;
    credcheck_repair_request repair = CREDCHECK_REPAIR_REQUEST_INIT;
    credcheck_commitment commitment = CREDCHECK_COMMITMENT_INIT;
    credcheck_objection_query objections = CREDCHECK_OBJECTION_QUERY_INIT;
    credcheck_publication_query publication = CREDCHECK_PUBLICATION_QUERY_INIT;
    credcheck_audit_query audit = CREDCHECK_AUDIT_QUERY_INIT;
    credcheck_principal clerk = CREDCHECK_PRINCIPAL_INIT;

    EXPECT(open_db(&db, "w.db", CREDCHECK_OPEN_CREATE) == CREDCHECK_OK);
    EXPECT(credcheck_calendar_is_working_day(&working, db, "2026-10-10") == CREDCHECK_OK && working == 1); /* adjusted Saturday */
    EXPECT(credcheck_calendar_is_working_day(&working, db, "2026-10-01") == CREDCHECK_OK && working == 0);
    EXPECT(credcheck_calendar_is_working_day(&working, db, "2027-03-01") == CREDCHECK_CALENDAR_NOT_COVERED);
    EXPECT(credcheck_calendar_add_working_days(day, db, "2025-01-27", 7) == CREDCHECK_OK && strcmp(day, "2025-02-12") == 0);
    EXPECT(credcheck_calendar_working_days_between(&days, db, "2025-01-27", "2025-02-12") == CREDCHECK_OK && days == 7);
    write_file(path_in("2027.tsv"), "date\tkind\tname\n2027-01-01\toff\t元旦\n");
    EXPECT(credcheck_calendar_load(db, path_in("2027.tsv")) == CREDCHECK_OK);
    EXPECT(credcheck_calendar_is_working_day(&working, db, "2027-03-01") == CREDCHECK_OK && working == 1);
    write_file(path_in("bad.tsv"), "date\tkind\tname\n2027-01-01\tholiday\t元旦\n");
    EXPECT(credcheck_calendar_load(db, path_in("bad.tsv")) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(strstr(credcheck_last_error(), "line 2") != NULL);

    EXPECT(credcheck_dispatch_set_routes(db, "P.procurement_ban", finance, 1, "2026-11-28") == CREDCHECK_OK);
    EXPECT(credcheck_dispatch_set_routes(db, "P.nothing", finance, 1, "2026-11-28") == CREDCHECK_INVALID_ARGUMENT);
    write_file(path_in("w-lists.csv"), "list,subject_code,subject_name,department,document_no,entered_on,expires_on\n"
                                       "samr.serious_illegal,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市市场监督管理局,(2024)鄂07执1号,2024-06-18,\n"
                                       "samr.serious_illegal,914403001922038216,深圳某公司,鄂州市市场监督管理局,鄂市监严失〔2025〕1号,2025-03-03,2028-03-03\n");
    EXPECT(credcheck_import_file(NULL, db, CREDCHECK_IMPORT_KIND_LISTS, path_in("w-lists.csv"), 0) == CREDCHECK_OK);
    EXPECT(credcheck_dispatch_run(&apply, &lift, db, "2026-11-28") == CREDCHECK_OK && apply == 0 && lift == 0);
    EXPECT(credcheck_dispatch_inbox_json(&json, db, "鄂州市财政局", 0) == CREDCHECK_OK);
    EXPECT(json != NULL && strstr(json, "\"measure\":\"P.procurement_ban\"") != NULL && strstr(json, "\"id\":1,") != NULL);
    credcheck_free(json);

    /* Feedback from the finance bureau's own handle: the department and officer are its principal's. */
    clerk.role = CREDCHECK_ROLE_IMPLEMENTING;
    clerk.department = "鄂州市财政局";
    clerk.officer = "张科员";
    EXPECT(credcheck_db_as(&finance_db, db, &clerk) == CREDCHECK_OK);
    feedback.notice_id = 1;
    feedback.outcome = CREDCHECK_FEEDBACK_NOT_APPLIED;
    feedback.case_ref = "采购 2026-1";
    EXPECT(credcheck_feedback_record(&id, finance_db, &feedback) == CREDCHECK_INVALID_ARGUMENT); /* a reason is mandatory */
    feedback.reason = "采购已完成";
    EXPECT(credcheck_feedback_record(&id, finance_db, &feedback) == CREDCHECK_OK && id > 0);
    feedback.outcome = 9;
    EXPECT(credcheck_feedback_record(&id, finance_db, &feedback) == CREDCHECK_INVALID_ARGUMENT && id == 0);
    EXPECT(credcheck_dispatch_set_routes(finance_db, "P.procurement_ban", finance, 1, "2026-11-28") == CREDCHECK_PERMISSION_DENIED);
    credcheck_db_close(finance_db);
    EXPECT(credcheck_dispatch_status_json(&json, db, "鄂州市市场监督管理局") == CREDCHECK_OK && strstr(json, "\"not_applied\":1") != NULL);
    credcheck_free(json);

    EXPECT(credcheck_objection_file(&id, db, CREDCHECK_TARGET_ENTRY, 2, "2026-09-29", "深圳某公司", "移出日期有误") == CREDCHECK_OK);
    objections.pending_only = 1;
    objections.overdue_on = "2026-10-13";
    EXPECT(credcheck_objection_list_json(&json, db, &objections) == CREDCHECK_OK && strstr(json, "\"due_on\":\"2026-10-12\"") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_objection_correct(db, id, "2026-10-09", "鄂州市市场监督管理局", "更正", columns, values, 1) == CREDCHECK_OK);
    objections.overdue_on = NULL;
    EXPECT(credcheck_objection_list_json(&json, db, &objections) == CREDCHECK_OK && strcmp(json, "[]") == 0);
    credcheck_free(json);
    EXPECT(credcheck_objection_list_json(&json, db, NULL) == CREDCHECK_OK && strstr(json, "\"corrected\"") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_objection_set_days(db, 0) == CREDCHECK_INVALID_ARGUMENT);

    repair.target = CREDCHECK_TARGET_ENTRY;
    repair.target_id = 2;
    repair.repaired_on = "2026-11-28";
    repair.decided_by = "鄂州市市场监督管理局";
    EXPECT(credcheck_repair_blockers_json(&json, db, &repair) == CREDCHECK_OK && strstr(json, "obligations not shown fulfilled") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_repair_grant(&id, db, &repair) == CREDCHECK_CONFLICT && strstr(credcheck_last_error(), "no credit commitment") != NULL);
    repair.obligations_evidence = "整改验收报告";
    commitment.subject = "914403001922038216";
    commitment.department = "鄂州市市场监督管理局";
    commitment.signed_on = "2026-11-01";
    EXPECT(credcheck_commitment_record(&id, db, &commitment) == CREDCHECK_MISUSE); /* no document number */
    commitment.document_no = "承诺〔2026〕1号";
    commitment.content = "守法";
    EXPECT(credcheck_commitment_record(&id, db, &commitment) == CREDCHECK_OK && id > 0);
    EXPECT(credcheck_repair_grant(&id, db, &repair) == CREDCHECK_OK && id > 0);

    write_file(path_in("w-penalties.csv"), "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity\n"
                                           "鄂环罚〔2025〕1号,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市生态环境局,2025-01-27,罚款,general\n");
    EXPECT(credcheck_import_file(NULL, db, CREDCHECK_IMPORT_KIND_PENALTIES, path_in("w-penalties.csv"), 0) == CREDCHECK_OK);
    publication.as_of = "2025-02-13";
    publication.overdue_only = 1;
    EXPECT(credcheck_publication_status_json(&json, db, &publication) == CREDCHECK_OK && strstr(json, "\"state\":\"overdue\"") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_publication_batch(&rows, db, CREDCHECK_IMPORT_KIND_PENALTIES, "2025-02-13", CREDCHECK_FORMAT_CSV, path_in("batch.csv")) ==
               CREDCHECK_OK &&
           rows == 1);
    EXPECT(credcheck_publication_batch(&rows, db, CREDCHECK_IMPORT_KIND_LISTS, "2025-02-13", CREDCHECK_FORMAT_CSV, path_in("batch.csv")) ==
           CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_publication_mark(db, "鄂州市生态环境局", "鄂环罚〔2025〕1号", "2025-02-12") == CREDCHECK_OK);
    EXPECT(credcheck_publication_mark(db, "鄂州市生态环境局", "鄂环罚〔2025〕1号", "2025-02-12") == CREDCHECK_CONFLICT);
    EXPECT(credcheck_publication_export_list(&rows, db, CREDCHECK_COLOUR_BLACK, "2026-11-28", CREDCHECK_FORMAT_JSONL, path_in("black.jsonl")) ==
               CREDCHECK_OK &&
           rows == 1);
    EXPECT(credcheck_publication_export_list(&rows, db, 3, "2026-11-28", CREDCHECK_FORMAT_CSV, path_in("x.csv")) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_publication_export_list(&rows, db, CREDCHECK_COLOUR_RED, "2026-11-28", 0, path_in("x.csv")) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_report_json(&json, db, "2025-01-01", "2026-12-31", "鄂州市生态环境局") == CREDCHECK_OK &&
           strstr(json, "\"on_time\":1") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_report_json(&json, db, "2026-12-31", "2025-01-01", NULL) == CREDCHECK_INVALID_ARGUMENT && json == NULL);
    EXPECT(credcheck_dispatch_inbox_json(&json, NULL, "x", 0) == CREDCHECK_MISUSE);

    EXPECT(credcheck_audit_verify_json(&json, db) == CREDCHECK_OK && strncmp(json, "{\"intact\":true,", 15) == 0 &&
           strstr(json, "\"rows_checked\":") != NULL);
    credcheck_free(json);
    audit.department = "鄂州市财政局";
    EXPECT(credcheck_audit_entries_json(&json, db, &audit) == CREDCHECK_OK && strstr(json, "\"officer\":\"张科员\"") != NULL &&
           strstr(json, "\"action\":\"feedback\"") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_audit_entries_json(&json, db, NULL) == CREDCHECK_OK && strstr(json, "\"action\":\"routes.set\"") != NULL);
    credcheck_free(json);
    credcheck_db_close(db);
}

/* N threads × M checks on one handle while another handle imports into the same file. */
struct worker_args {
    credcheck_db* db;
    int denied, failures;
};

static void* check_worker(void* p) {
    struct worker_args* args = (struct worker_args*)p;
    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    int i;
    request.scenario = "gov_procurement";
    request.as_of = "2026-11-28";
    for (i = 0; i < 200; ++i) {
        credcheck_decision* d = NULL;
        request.subject = i % 2 ? kBidder : kClean;
        if (credcheck_check(&d, args->db, &request) != CREDCHECK_OK) {
            ++args->failures;
            continue;
        }
        if (credcheck_decision_verdict(d) == CREDCHECK_VERDICT_DENY) ++args->denied;
        else if (i % 2) ++args->failures; /* the bidder is denied in every committed state */
        credcheck_decision_free(d);
    }
    return NULL;
}

static void test_threads(void) {
    credcheck_db* readers = NULL;
    credcheck_db* writer = NULL;
    pthread_t threads[4];
    struct worker_args args[4];
    FILE* f;
    int i;
    EXPECT(open_db(&readers, "c.db", CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
    EXPECT(open_db(&writer, "c.db", 0) == CREDCHECK_OK);
    f = fopen(path_in("many.csv"), "wb");
    fputs("document_no,subject_code,subject_name,department,decided_on,penalty_types\n", f);
    for (i = 0; i < 2000; ++i) fprintf(f, "T%d,%s,某公司,市场监管局,2025-01-01,警告\n", i, kClean);
    fclose(f);
    for (i = 0; i < 4; ++i) {
        args[i].db = readers;
        args[i].denied = args[i].failures = 0;
        pthread_create(&threads[i], NULL, check_worker, &args[i]);
    }
    EXPECT(credcheck_import_file(NULL, writer, CREDCHECK_IMPORT_KIND_PENALTIES, path_in("many.csv"), 0) == CREDCHECK_OK);
    for (i = 0; i < 4; ++i) {
        pthread_join(threads[i], NULL);
        EXPECT(args[i].failures == 0);
        EXPECT(args[i].denied == 100);
    }
    credcheck_db_close(writer);
    credcheck_db_close(readers);
}

/* ---- The extensible-struct rule ------------------------------------------------------------------
 * A caller of an older layout (here: the 1.0 one) gets defaults for the fields it lacks; a caller of a
 * newer layout is accepted when the bytes this library does not know are zero, refused with
 * CREDCHECK_STRUCT_TOO_NEW otherwise; a struct the library fills is never written past its size.
 * The same program runs against a library built with a field appended to every struct
 * (capi.c_program_on_grown_library): a 1.0 caller keeps working with a newer library. */

#define GUARD 64
#define GUARD_BYTE 0xA5
/* Wider than any field a later library could have appended (this program also runs against the test
 * build of the library with a field appended to every struct): the last byte is unknown to both. */
#define TAIL 64

/* A caller-side struct of `size` bytes followed by a guard region; the library's layout at the front. */
struct grown {
    unsigned char bytes[512 + GUARD];
};

static void* grown_of(struct grown* g, const void* init, size_t init_size, size_t size) {
    memset(g->bytes, 0, sizeof g->bytes);
    memcpy(g->bytes, init, init_size);
    memcpy(g->bytes, &size, sizeof size); /* every versioned struct starts with its size */
    memset(g->bytes + size, GUARD_BYTE, GUARD);
    return g->bytes;
}

static int guard_intact(const struct grown* g, size_t size) {
    size_t i;
    for (i = 0; i < GUARD; ++i)
        if (g->bytes[size + i] != GUARD_BYTE) return 0;
    return 1;
}

static void test_struct_growth_inputs(void) {
    credcheck_db* db = NULL;
    credcheck_decision* d = NULL;
    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    struct grown g;
    credcheck_check_request* big;
    const size_t newer = sizeof(credcheck_check_request) + TAIL;
    EXPECT(open_db(&db, "c.db", CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
    request.subject = kBidder;
    request.scenario = "gov_procurement";
    request.as_of = "2026-11-28";

    /* The 1.0 layout itself: accepted. */
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_OK && credcheck_decision_verdict(d) == CREDCHECK_VERDICT_DENY);
    credcheck_decision_free(d);

    /* A newer header's struct, the unknown tail zero: accepted as if it were ours. */
    big = (credcheck_check_request*)grown_of(&g, &request, sizeof request, newer);
    EXPECT(credcheck_check(&d, db, big) == CREDCHECK_OK && credcheck_decision_verdict(d) == CREDCHECK_VERDICT_DENY);
    credcheck_decision_free(d);
    /* The same with a field set that this library does not know: refused, nothing done. */
    g.bytes[newer - 1] = 1;
    EXPECT(credcheck_check(&d, db, big) == CREDCHECK_STRUCT_TOO_NEW && d == NULL);
    EXPECT(strstr(credcheck_last_error(), "does not know") != NULL);

    /* A size below the 1.0 layout is a struct never initialised. */
    request.size = offsetof(credcheck_check_request, purpose);
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_MISUSE);

    /* The same rule for every input struct. */
    {
        credcheck_principal p = CREDCHECK_PRINCIPAL_INIT;
        credcheck_principal* bigp;
        credcheck_db* as = NULL;
        credcheck_db* office = NULL;
        EXPECT(open_db(&office, "c.db", 0) == CREDCHECK_OK);
        p.role = CREDCHECK_ROLE_PUBLIC;
        bigp = (credcheck_principal*)grown_of(&g, &p, sizeof p, sizeof p + TAIL);
        EXPECT(credcheck_db_as(&as, office, bigp) == CREDCHECK_OK);
        credcheck_db_close(as);
        g.bytes[sizeof p + TAIL - 1] = 9;
        EXPECT(credcheck_db_as(&as, office, bigp) == CREDCHECK_STRUCT_TOO_NEW && as == NULL);
        credcheck_db_close(office);
    }
    {
        credcheck_open_options o = CREDCHECK_OPEN_OPTIONS_INIT;
        credcheck_open_options* bigo;
        credcheck_db* opened = NULL;
        o.flags = CREDCHECK_OPEN_READONLY;
        bigo = (credcheck_open_options*)grown_of(&g, &o, sizeof o, sizeof o + TAIL);
        EXPECT(credcheck_db_open(&opened, path_in("c.db"), bigo) == CREDCHECK_OK);
        credcheck_db_close(opened);
        g.bytes[sizeof o + TAIL - 1] = 1;
        EXPECT(credcheck_db_open(&opened, path_in("c.db"), bigo) == CREDCHECK_STRUCT_TOO_NEW && opened == NULL);
    }
    {
        credcheck_audit_query q = CREDCHECK_AUDIT_QUERY_INIT;
        credcheck_audit_query* bigq;
        char* json = NULL;
        bigq = (credcheck_audit_query*)grown_of(&g, &q, sizeof q, sizeof q + TAIL);
        g.bytes[sizeof q + TAIL - 1] = 1;
        EXPECT(credcheck_audit_entries_json(&json, db, bigq) == CREDCHECK_STRUCT_TOO_NEW && json == NULL);
    }
    /* Every other input struct: a newer caller's field this library does not know is refused before
     * anything is read or written. */
    {
        credcheck_db* office = NULL;
        char* json = NULL;
        long long id = -1;
        credcheck_import_report report = CREDCHECK_IMPORT_REPORT_INIT;
        const credcheck_import_options io = CREDCHECK_IMPORT_OPTIONS_INIT;
        const credcheck_feedback fb = CREDCHECK_FEEDBACK_INIT;
        const credcheck_objection_query oq = CREDCHECK_OBJECTION_QUERY_INIT;
        const credcheck_commitment cm = CREDCHECK_COMMITMENT_INIT;
        const credcheck_repair_request rr = CREDCHECK_REPAIR_REQUEST_INIT;
        const credcheck_publication_query pq = CREDCHECK_PUBLICATION_QUERY_INIT;
        EXPECT(open_db(&office, "c.db", 0) == CREDCHECK_OK);
#define NEWER(init) (grown_of(&g, &(init), sizeof(init), sizeof(init) + TAIL), g.bytes[sizeof(init) + TAIL - 1] = 1, (const void*)g.bytes)
        EXPECT(credcheck_import_run(&report, &json, office, path_in("lists.csv"), (const credcheck_import_options*)NEWER(io)) ==
                   CREDCHECK_STRUCT_TOO_NEW && json == NULL);
        EXPECT(credcheck_feedback_record(&id, office, (const credcheck_feedback*)NEWER(fb)) == CREDCHECK_STRUCT_TOO_NEW && id == 0);
        EXPECT(credcheck_objection_list_json(&json, office, (const credcheck_objection_query*)NEWER(oq)) == CREDCHECK_STRUCT_TOO_NEW && json == NULL);
        id = -1;
        EXPECT(credcheck_commitment_record(&id, office, (const credcheck_commitment*)NEWER(cm)) == CREDCHECK_STRUCT_TOO_NEW && id == 0);
        EXPECT(credcheck_repair_blockers_json(&json, office, (const credcheck_repair_request*)NEWER(rr)) == CREDCHECK_STRUCT_TOO_NEW && json == NULL);
        id = -1;
        EXPECT(credcheck_repair_grant(&id, office, (const credcheck_repair_request*)NEWER(rr)) == CREDCHECK_STRUCT_TOO_NEW && id == 0);
        EXPECT(credcheck_publication_status_json(&json, office, (const credcheck_publication_query*)NEWER(pq)) == CREDCHECK_STRUCT_TOO_NEW && json == NULL);
#undef NEWER
        credcheck_db_close(office);
    }
    credcheck_db_close(db);
}

static void test_struct_growth_outputs(void) {
    credcheck_db* db = NULL;
    credcheck_decision* d = NULL;
    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    struct grown g;
    EXPECT(open_db(&db, "c.db", CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
    request.subject = kBidder;
    request.scenario = "gov_procurement";
    request.as_of = "2026-11-28";
    EXPECT(credcheck_check(&d, db, &request) == CREDCHECK_OK);

    /* A newer caller's measure: our fields filled, its unknown ones zeroed, not a byte past its size. */
    {
        const credcheck_measure init = CREDCHECK_MEASURE_INIT;
        const size_t size = sizeof init + 24;
        credcheck_measure* m = (credcheck_measure*)grown_of(&g, &init, sizeof init, size);
        memset(g.bytes + sizeof init, 0x77, 24); /* garbage where the newer fields are */
        EXPECT(credcheck_decision_measure(m, d, CREDCHECK_MEASURES_APPLIED, 0) == CREDCHECK_OK);
        EXPECT(strcmp(m->code, "P.procurement_ban") == 0 && m->size == size);
        EXPECT(g.bytes[sizeof init] == 0 && g.bytes[size - 1] == 0);
        EXPECT(guard_intact(&g, size));
    }
    {
        const credcheck_receipt init = CREDCHECK_RECEIPT_INIT;
        credcheck_receipt* r = (credcheck_receipt*)grown_of(&g, &init, sizeof init, sizeof init);
        EXPECT(credcheck_decision_receipt(r, d) == CREDCHECK_OK && strlen(r->id) == 32);
        EXPECT(guard_intact(&g, sizeof init));
    }
    {
        const credcheck_basis init = CREDCHECK_BASIS_INIT;
        credcheck_basis* b = (credcheck_basis*)grown_of(&g, &init, sizeof init, sizeof init + 8);
        EXPECT(credcheck_decision_measure_basis(b, d, CREDCHECK_MEASURES_APPLIED, 0, 0) == CREDCHECK_OK && b->citation != NULL);
        EXPECT(guard_intact(&g, sizeof init + 8));
    }
    {
        const credcheck_identity init = CREDCHECK_IDENTITY_INIT;
        credcheck_identity* id = (credcheck_identity*)grown_of(&g, &init, sizeof init, sizeof init);
        EXPECT(credcheck_identify(id, "D2143569-X", 0) == CREDCHECK_OK && id->kind == CREDCHECK_ID_ORG_CODE);
        EXPECT(guard_intact(&g, sizeof init));
        id->size = 4; /* below the 1.0 layout */
        EXPECT(credcheck_identify(id, "D2143569-X", 0) == CREDCHECK_MISUSE);
    }
    {
        const credcheck_import_report init = CREDCHECK_IMPORT_REPORT_INIT;
        credcheck_db* writer = NULL;
        credcheck_import_report* r = (credcheck_import_report*)grown_of(&g, &init, sizeof init, sizeof init + 16);
        EXPECT(open_db(&writer, "c.db", 0) == CREDCHECK_OK);
        EXPECT(credcheck_import_file(r, writer, CREDCHECK_IMPORT_KIND_LISTS, path_in("lists.csv"), 0) == CREDCHECK_OK);
        EXPECT(r->rows == 1 && r->unchanged == 1 && r->committed == 1);
        EXPECT(guard_intact(&g, sizeof init + 16));
        credcheck_db_close(writer);
    }
    credcheck_decision_free(d);
    credcheck_db_close(db);
    /* A replica's status (CREDCHECK_TEST_REPLICA: a replica the examples' tests made), else the refusal
     * of a database that is no replica: neither writes past the caller's size. */
    {
        const credcheck_replica_status init = CREDCHECK_REPLICA_STATUS_INIT;
        const char* replica = getenv("CREDCHECK_TEST_REPLICA");
        credcheck_db* rdb = NULL;
        credcheck_replica_status* st = (credcheck_replica_status*)grown_of(&g, &init, sizeof init, sizeof init + 8);
        memset(g.bytes + sizeof init, 0x77, 8);
        if (replica != NULL && *replica != '\0') {
            credcheck_open_options o = CREDCHECK_OPEN_OPTIONS_INIT;
            o.flags = CREDCHECK_OPEN_READONLY;
            EXPECT(credcheck_db_open(&rdb, replica, &o) == CREDCHECK_OK);
            EXPECT(credcheck_replica_get_status(st, rdb) == CREDCHECK_OK && st->sequence >= 1 && st->feed_id != NULL);
            EXPECT(st->size == sizeof init + 8 && g.bytes[sizeof init] == 0 && g.bytes[sizeof init + 7] == 0);
        } else {
            EXPECT(open_db(&rdb, "c.db", CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
            EXPECT(credcheck_replica_get_status(st, rdb) == CREDCHECK_CONFLICT);
        }
        EXPECT(guard_intact(&g, sizeof init + 8));
        credcheck_db_close(rdb);
    }
    /* A return is a department's, from its replica: the office's own file and principal are refused. */
    {
        credcheck_db* office = NULL;
        long long sequence = -1, items = -1;
        EXPECT(open_db(&office, "c.db", 0) == CREDCHECK_OK);
        EXPECT(credcheck_outbox_export(&sequence, &items, office, NULL, path_in("return.json")) == CREDCHECK_MISUSE);
        EXPECT(sequence == 0 && items == 0);
        EXPECT(credcheck_outbox_export(&sequence, &items, office, path_in("no-key.pem"), path_in("return.json")) == CREDCHECK_PERMISSION_DENIED);
        EXPECT(strstr(credcheck_last_error(), "department") != NULL);
        credcheck_db_close(office);
    }
}

/* The thread-local error channel: a failure on one thread never changes another's message. */
static void* failing_worker(void* p) {
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    int i;
    (void)p;
    for (i = 0; i < 2000; ++i) {
        if (credcheck_identify(&id, "91350100M000100Y44", 0) != CREDCHECK_INVALID_IDENTIFIER) return (void*)1;
        if (strcmp(credcheck_last_error(), "check character is '4', expected '3'") != 0) return (void*)1;
    }
    return NULL;
}

static void test_errors_per_thread(void) {
    pthread_t t;
    void* result = (void*)1;
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    EXPECT(credcheck_identify(&id, "not a code at all", 0) == CREDCHECK_INVALID_IDENTIFIER);
    pthread_create(&t, NULL, failing_worker, NULL);
    pthread_join(t, &result);
    EXPECT(result == NULL);
    EXPECT(strstr(credcheck_last_error(), "check character") == NULL); /* this thread's own message */
}

int main(void) {
    /* Before any other call: SQLite is not in use yet, so this works once and then refuses. */
    EXPECT(credcheck_configure_for_threads() == CREDCHECK_OK);
    test_versions();
    test_status_names();
    test_identify_valid();
    test_identify_masks_personal_ids();
    test_identify_invalid();
    test_identify_misuse();
    test_free_accepts_null();
    test_errors_per_thread();
    strcpy(dir, "/tmp/credcheck-capi-XXXXXX");
    if (mkdtemp(dir) == NULL) return 2;
    test_databases();
    test_import_run();
    test_principals();
    test_checks();
    test_batch();
    test_objections();
    test_workflows();
    test_threads();
    test_struct_growth_inputs();
    test_struct_growth_outputs();
    EXPECT(credcheck_configure_for_threads() == CREDCHECK_MISUSE);
    {
        char command[128];
        snprintf(command, sizeof command, "rm -rf %s", dir);
        if (system(command) != 0) fprintf(stderr, "could not remove %s\n", dir);
    }
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
