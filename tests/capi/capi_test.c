/* The C ABI as a C program sees it: every function and its error paths. */
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
    EXPECT(strcmp(credcheck_status_name(-1), "unknown") == 0);
    EXPECT(strcmp(credcheck_status_name(9999), "unknown") == 0);
}

static void test_identify_valid(void) {
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    EXPECT(credcheck_identify(&id, " 91350100m000100y43 ", CREDCHECK_IDENTIFY_STRICT) == CREDCHECK_OK);
    EXPECT(id.kind == CREDCHECK_ID_USCC);
    EXPECT(strcmp(id.normalized, "91350100M000100Y43") == 0);
    EXPECT(id.error[0] == '\0');

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

    EXPECT(credcheck_identify(&id, "94110000MA0000007X", CREDCHECK_IDENTIFY_STRICT) == CREDCHECK_INVALID_IDENTIFIER);
    EXPECT(credcheck_identify(&id, "94110000MA0000007X", 0) == CREDCHECK_OK);
    EXPECT(credcheck_identify(&id, "91350100m000100y43", CREDCHECK_IDENTIFY_NO_NORMALIZE) == CREDCHECK_INVALID_IDENTIFIER);
}

static void test_identify_misuse(void) {
    credcheck_identity id = CREDCHECK_IDENTITY_INIT;
    credcheck_identity unset;
    memset(&unset, 0, sizeof unset);
    EXPECT(credcheck_identify(NULL, "D2143569-X", 0) == CREDCHECK_MISUSE);
    EXPECT(strstr(credcheck_last_error(), "must not be NULL") != NULL);
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

static void test_databases(void) {
    credcheck_db* db = NULL;
    credcheck_import_report report = CREDCHECK_IMPORT_REPORT_INIT;
    EXPECT(credcheck_db_open(&db, path_in("missing.db"), 0) == CREDCHECK_NOT_FOUND);
    EXPECT(db == NULL);
    EXPECT(strstr(credcheck_last_error(), "credcheck init") != NULL);
    EXPECT(credcheck_db_open(&db, path_in("x.db"), CREDCHECK_OPEN_CREATE | CREDCHECK_OPEN_READONLY) == CREDCHECK_MISUSE);
    EXPECT(credcheck_db_open(NULL, path_in("x.db"), 0) == CREDCHECK_MISUSE);

    EXPECT(credcheck_db_open(&db, path_in("c.db"), CREDCHECK_OPEN_CREATE) == CREDCHECK_OK);
    EXPECT(db != NULL);
    EXPECT(strcmp(credcheck_errmsg(db), "") == 0);
    write_file(path_in("lists.csv"), "list,subject_code,subject_name,department,document_no,entered_on\n"
                                     "samr.serious_illegal,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市市场监督管理局,(2024)鄂07执1号,2024-06-18\n");
    EXPECT(credcheck_import(db, "lists", path_in("lists.csv"), 0, &report) == CREDCHECK_OK);
    EXPECT(report.rows == 1 && report.inserted == 1 && report.committed == 1 && report.subjects_created == 1);

    write_file(path_in("bad.csv"), "list,subject_code,subject_name,department,document_no,entered_on\n"
                                   "samr.serious_illegal,91420704MA00002771,某公司,法院,X,2024-06-18\n");
    EXPECT(credcheck_import(db, "lists", path_in("bad.csv"), 0, &report) == CREDCHECK_IMPORT_REJECTED);
    EXPECT(report.rejected == 1 && report.committed == 0);
    EXPECT(strstr(credcheck_errmsg(db), "line 2, column subject_code") != NULL);
    EXPECT(credcheck_import(db, "planets", path_in("bad.csv"), 0, NULL) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_import(db, "lists", path_in("none.csv"), 0, NULL) == CREDCHECK_NOT_FOUND);
    credcheck_db_close(db);

    EXPECT(credcheck_db_open(&db, path_in("c.db"), CREDCHECK_OPEN_CREATE) == CREDCHECK_CONFLICT);
    EXPECT(credcheck_db_open(&db, path_in("c.db"), CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
    EXPECT(credcheck_import(db, "lists", path_in("lists.csv"), 0, NULL) == CREDCHECK_PERMISSION_DENIED);
    credcheck_db_close(db);
}

static void test_checks(void) {
    credcheck_db* db = NULL;
    credcheck_decision* d = NULL;
    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    credcheck_measure measure = CREDCHECK_MEASURE_INIT;
    credcheck_receipt receipt = CREDCHECK_RECEIPT_INIT;
    const char* reason = NULL;
    char* json = NULL;
    credcheck_principal centre = CREDCHECK_PRINCIPAL_INIT;
    centre.department = "鄂州市公共资源交易中心";
    centre.role = "implementing";
    centre.officer = "C test";
    EXPECT(credcheck_db_open_as(&db, path_in("c.db"), CREDCHECK_OPEN_READONLY, &centre) == CREDCHECK_OK);

    request.subject = kBidder;
    request.scenario = "gov_procurement";
    request.as_of = "2026-11-28";
    request.department = "鄂州市财政局"; /* not the principal's: who checks is the handle's principal */
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_PERMISSION_DENIED);
    EXPECT(d == NULL);
    request.department = NULL;
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(d) == CREDCHECK_VERDICT_DENY);
    EXPECT(strcmp(credcheck_verdict_name(credcheck_decision_verdict(d)), "deny") == 0);
    EXPECT(credcheck_decision_subject_found(d) == 1);
    EXPECT(strcmp(credcheck_decision_subject_code(d), kBidder) == 0);
    EXPECT(strcmp(credcheck_decision_subject_name(d), "鄂州市恒信建材有限公司") == 0);
    EXPECT(strcmp(credcheck_decision_subject_kind(d), "legal_person") == 0);
    EXPECT(strcmp(credcheck_decision_subject_status(d), "active") == 0);
    EXPECT(strcmp(credcheck_decision_scenario(d), "gov_procurement") == 0);
    EXPECT(strcmp(credcheck_decision_as_of(d), "2026-11-28") == 0);
    EXPECT(credcheck_decision_measure_count(d, CREDCHECK_MEASURES_APPLIED) == 1);
    EXPECT(credcheck_decision_measure_count(d, CREDCHECK_MEASURES_SUSPENDED) == 0);
    EXPECT(credcheck_decision_measure(d, CREDCHECK_MEASURES_APPLIED, 0, &measure) == CREDCHECK_OK);
    EXPECT(strcmp(measure.code, "P.procurement_ban") == 0);
    EXPECT(strcmp(measure.effect, "prohibit") == 0);
    EXPECT(strcmp(measure.via, "self") == 0);
    EXPECT(strcmp(measure.list, "samr.serious_illegal") == 0);
    EXPECT(strcmp(measure.document_no, "(2024)鄂07执1号") == 0);
    EXPECT(strcmp(measure.entered_on, "2024-06-18") == 0);
    EXPECT(strcmp(measure.expires_on, "") == 0);
    EXPECT(measure.entry_id > 0 && measure.objection_id == 0);
    EXPECT(measure.entry_legal_basis != NULL && strcmp(measure.entry_legal_basis, "") == 0); /* the file gave none */
    EXPECT(credcheck_decision_measure(d, CREDCHECK_MEASURES_APPLIED, 1, &measure) == CREDCHECK_NOT_FOUND);
    EXPECT(credcheck_decision_measure(d, 7, 0, &measure) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_decision_green_channel(d, &reason) == 0);
    EXPECT(reason != NULL && strlen(reason) > 0);
    EXPECT(credcheck_decision_receipt(d, &receipt) == CREDCHECK_OK);
    EXPECT(strlen(receipt.id) == 32 && receipt.data_version > 0);
    EXPECT(strcmp(receipt.library_version, CREDCHECK_VERSION_STRING) == 0);
    EXPECT(strcmp(receipt.as_of, "2026-11-28") == 0);
    EXPECT(strcmp(receipt.department, "鄂州市公共资源交易中心") == 0 && strcmp(receipt.purpose, "") == 0);
    EXPECT(receipt.data_as_of != NULL && strlen(receipt.data_as_of) == 20); /* "2026-12-04T02:41:32Z" */
    EXPECT(credcheck_decision_caveat_count(d) == 0 && credcheck_decision_caveat(d, 0) == NULL);
    {
        const char* log_error = NULL;
        EXPECT(credcheck_decision_logged(d, &log_error) == 0); /* opened read-only: not logged, and why */
        EXPECT(log_error != NULL && strstr(log_error, "read-only") != NULL);
    }
    EXPECT(credcheck_decision_json(d, 0, &json) == CREDCHECK_OK);
    EXPECT(json != NULL && strncmp(json, "{\"verdict\":\"deny\",", 18) == 0);
    credcheck_free(json);
    credcheck_decision_free(d);

    request.subject = kClean;
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(d) == CREDCHECK_VERDICT_ALLOW && credcheck_decision_subject_found(d) == 0);
    EXPECT(strcmp(credcheck_decision_subject_kind(d), "") == 0 && strcmp(credcheck_decision_subject_name(d), "") == 0);
    credcheck_decision_free(d);

    request.subject = "91420704MA00002771";
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_INVALID_IDENTIFIER && d == NULL);
    EXPECT(strstr(credcheck_errmsg(db), "check character") != NULL);
    request.subject = kBidder;
    request.scenario = "moon_landing";
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(strstr(credcheck_last_error(), "unknown scenario") != NULL);
    request.scenario = "gov_procurement";
    request.as_of = "2026-02-30";
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_INVALID_ARGUMENT);
    request.as_of = NULL;
    EXPECT(credcheck_check(NULL, &request, &d) == CREDCHECK_MISUSE);
    EXPECT(credcheck_check(db, NULL, &d) == CREDCHECK_MISUSE);
    request.size = 0;
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_MISUSE);
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
    EXPECT(credcheck_db_open(&db, path_in("c.db"), CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
    EXPECT(credcheck_check_batch(db, &common, bidders, 2, out) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(out[0]) == CREDCHECK_VERDICT_ALLOW);
    EXPECT(credcheck_decision_verdict(out[1]) == CREDCHECK_VERDICT_DENY);
    credcheck_decision_free(out[0]);
    credcheck_decision_free(out[1]);
    EXPECT(credcheck_check_batch(db, &common, bidders, 3, out) == CREDCHECK_INVALID_IDENTIFIER);
    EXPECT(out[0] == NULL && out[2] == NULL);
    EXPECT(strstr(credcheck_errmsg(db), "subject #3") != NULL);
    credcheck_db_close(db);
}

static void test_objections(void) {
    credcheck_db* db = NULL;
    credcheck_decision* d = NULL;
    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    credcheck_measure measure = CREDCHECK_MEASURE_INIT;
    long long id = 0;
    EXPECT(credcheck_db_open(&db, path_in("c.db"), 0) == CREDCHECK_OK);
    request.subject = kBidder;
    request.scenario = "gov_procurement";
    request.as_of = "2026-11-28";
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_OK);
    EXPECT(credcheck_decision_measure(d, CREDCHECK_MEASURES_APPLIED, 0, &measure) == CREDCHECK_OK);
    EXPECT(credcheck_objection_file(db, &id, "entry", measure.entry_id, "2026-11-20", "恒信建材", "已履行完毕") == CREDCHECK_OK);
    credcheck_decision_free(d);
    EXPECT(id > 0);
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(d) == CREDCHECK_VERDICT_REVIEW);
    EXPECT(credcheck_decision_measure_count(d, CREDCHECK_MEASURES_SUSPENDED) == 1);
    EXPECT(credcheck_decision_measure(d, CREDCHECK_MEASURES_SUSPENDED, 0, &measure) == CREDCHECK_OK && measure.objection_id == id);
    credcheck_decision_free(d);
    EXPECT(credcheck_objection_file(db, &id, "entry", measure.entry_id, "2026-11-21", "x", "again") == CREDCHECK_CONFLICT);
    EXPECT(credcheck_objection_file(db, &id, "entry", 999999, "2026-11-21", "x", "y") == CREDCHECK_NOT_FOUND);
    EXPECT(credcheck_objection_file(db, &id, "person", 1, "2026-11-21", "x", "y") == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_objection_file(db, NULL, "entry", 1, "2026-11-21", "x", "y") == CREDCHECK_MISUSE);
    EXPECT(credcheck_objection_resolve(db, measure.objection_id, "shrugged", "2026-11-27", "法院", "?") == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_objection_resolve(db, measure.objection_id, "upheld", "2026-11-27", "鄂州市市场监督管理局", "未履行") == CREDCHECK_OK);
    EXPECT(credcheck_objection_resolve(db, measure.objection_id, "upheld", "2026-11-27", "鄂州市市场监督管理局", "again") == CREDCHECK_CONFLICT);
    EXPECT(credcheck_check(db, &request, &d) == CREDCHECK_OK);
    EXPECT(credcheck_decision_verdict(d) == CREDCHECK_VERDICT_DENY);
    credcheck_decision_free(d);
    credcheck_db_close(db);
}

/* The workflows through the C ABI: calendar, routes → dispatch → inbox → feedback, objections with
 * corrections, commitment and repair, publication, public lists and the report. */
static void test_workflows(void) {
    credcheck_db* db = NULL;
    char day[CREDCHECK_DATE_SIZE];
    int working = -1, days = 0;
    long long apply = -1, lift = -1, id = 0, rows = 0;
    char* json = NULL;
    const char* finance[] = {"鄂州市财政局"};
    const char* columns[] = {"expires_on"};
    const char* values[] = {"2028-03-02"};
    credcheck_feedback feedback = CREDCHECK_FEEDBACK_INIT;
    credcheck_repair_request repair = CREDCHECK_REPAIR_REQUEST_INIT;

    EXPECT(credcheck_db_open(&db, path_in("w.db"), CREDCHECK_OPEN_CREATE) == CREDCHECK_OK);
    EXPECT(credcheck_is_working_day(db, &working, "2026-10-10") == CREDCHECK_OK && working == 1); /* adjusted Saturday */
    EXPECT(credcheck_is_working_day(db, &working, "2026-10-01") == CREDCHECK_OK && working == 0);
    EXPECT(credcheck_is_working_day(db, &working, "2027-03-01") == CREDCHECK_CALENDAR_NOT_COVERED);
    EXPECT(credcheck_add_working_days(db, day, "2025-01-27", 7) == CREDCHECK_OK && strcmp(day, "2025-02-12") == 0);
    EXPECT(credcheck_working_days_between(db, &days, "2025-01-27", "2025-02-12") == CREDCHECK_OK && days == 7);
    write_file(path_in("2027.tsv"), "date\tkind\tname\n2027-01-01\toff\t元旦\n");
    EXPECT(credcheck_calendar_load(db, path_in("2027.tsv")) == CREDCHECK_OK);
    EXPECT(credcheck_is_working_day(db, &working, "2027-03-01") == CREDCHECK_OK && working == 1);
    write_file(path_in("bad.tsv"), "date\tkind\tname\n2027-01-01\tholiday\t元旦\n");
    EXPECT(credcheck_calendar_load(db, path_in("bad.tsv")) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(strstr(credcheck_errmsg(db), "line 2") != NULL);

    EXPECT(credcheck_routes_set(db, "P.procurement_ban", finance, 1, "2026-11-28", "信用办") == CREDCHECK_OK);
    EXPECT(credcheck_routes_set(db, "P.nothing", finance, 1, "2026-11-28", "信用办") == CREDCHECK_INVALID_ARGUMENT);
    write_file(path_in("w-lists.csv"), "list,subject_code,subject_name,department,document_no,entered_on,expires_on\n"
                                       "samr.serious_illegal,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市市场监督管理局,(2024)鄂07执1号,2024-06-18,\n"
                                       "samr.serious_illegal,914403001922038216,深圳某公司,鄂州市市场监督管理局,鄂市监严失〔2025〕1号,2025-03-03,2028-03-03\n");
    EXPECT(credcheck_import(db, "lists", path_in("w-lists.csv"), 0, NULL) == CREDCHECK_OK);
    EXPECT(credcheck_dispatch(db, &apply, &lift, "2026-11-28") == CREDCHECK_OK && apply == 0 && lift == 0);
    EXPECT(credcheck_inbox_json(db, &json, "鄂州市财政局", 0) == CREDCHECK_OK);
    EXPECT(json != NULL && strstr(json, "\"measure\":\"P.procurement_ban\"") != NULL && strstr(json, "\"id\":1,") != NULL);
    credcheck_free(json);
    feedback.notice_id = 1;
    feedback.department = "鄂州市财政局";
    feedback.outcome = "not_applied";
    feedback.officer = "张科员";
    feedback.case_ref = "采购 2026-1";
    EXPECT(credcheck_feedback_record(db, &id, &feedback) == CREDCHECK_INVALID_ARGUMENT); /* a reason is mandatory */
    feedback.reason = "采购已完成";
    EXPECT(credcheck_feedback_record(db, &id, &feedback) == CREDCHECK_OK && id > 0);
    feedback.outcome = "maybe";
    EXPECT(credcheck_feedback_record(db, &id, &feedback) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_dispatch_status_json(db, &json, "鄂州市市场监督管理局") == CREDCHECK_OK && strstr(json, "\"not_applied\":1") != NULL);
    credcheck_free(json);

    EXPECT(credcheck_objection_file(db, &id, "entry", 2, "2026-09-29", "深圳某公司", "移出日期有误") == CREDCHECK_OK);
    EXPECT(credcheck_objections_json(db, &json, 1, "2026-10-13", NULL) == CREDCHECK_OK && strstr(json, "\"due_on\":\"2026-10-12\"") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_objection_correct(db, id, "2026-10-09", "鄂州市市场监督管理局", "更正", columns, values, 1) == CREDCHECK_OK);
    EXPECT(credcheck_objections_json(db, &json, 1, NULL, NULL) == CREDCHECK_OK && strcmp(json, "[]") == 0);
    credcheck_free(json);
    EXPECT(credcheck_objection_set_days(db, 0) == CREDCHECK_INVALID_ARGUMENT);

    repair.target = "entry";
    repair.target_id = 2;
    repair.repaired_on = "2026-11-28";
    repair.decided_by = "鄂州市市场监督管理局";
    EXPECT(credcheck_repair_blockers_json(db, &json, &repair) == CREDCHECK_OK && strstr(json, "obligations not shown fulfilled") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_repair(db, &id, &repair) == CREDCHECK_CONFLICT && strstr(credcheck_last_error(), "no credit commitment") != NULL);
    repair.obligations_evidence = "整改验收报告";
    EXPECT(credcheck_commitment_record(db, &id, "914403001922038216", "鄂州市市场监督管理局", "承诺〔2026〕1号", "2026-11-01", "守法", "窗口") == CREDCHECK_OK);
    EXPECT(credcheck_repair(db, &id, &repair) == CREDCHECK_OK && id > 0);

    write_file(path_in("w-penalties.csv"), "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity\n"
                                           "鄂环罚〔2025〕1号,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市生态环境局,2025-01-27,罚款,general\n");
    EXPECT(credcheck_import(db, "penalties", path_in("w-penalties.csv"), 0, NULL) == CREDCHECK_OK);
    EXPECT(credcheck_publication_json(db, &json, "2025-02-13", NULL, 1) == CREDCHECK_OK && strstr(json, "\"state\":\"overdue\"") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_publication_batch(db, &rows, "penalties", "2025-02-13", "csv", path_in("batch.csv")) == CREDCHECK_OK && rows == 1);
    EXPECT(credcheck_mark_published(db, "鄂州市生态环境局", "鄂环罚〔2025〕1号", "2025-02-12", "信用办") == CREDCHECK_OK);
    EXPECT(credcheck_mark_published(db, "鄂州市生态环境局", "鄂环罚〔2025〕1号", "2025-02-12", "信用办") == CREDCHECK_CONFLICT);
    EXPECT(credcheck_public_list_export(db, &rows, "black", "2026-11-28", "jsonl", path_in("black.jsonl")) == CREDCHECK_OK && rows == 1);
    EXPECT(credcheck_public_list_export(db, &rows, "green", "2026-11-28", "csv", path_in("x.csv")) == CREDCHECK_INVALID_ARGUMENT);
    EXPECT(credcheck_report_json(db, &json, "2025-01-01", "2026-12-31", "鄂州市生态环境局") == CREDCHECK_OK &&
           strstr(json, "\"on_time\":1") != NULL);
    credcheck_free(json);
    EXPECT(credcheck_report_json(db, &json, "2026-12-31", "2025-01-01", NULL) == CREDCHECK_INVALID_ARGUMENT && json == NULL);
    EXPECT(credcheck_inbox_json(NULL, &json, "x", 0) == CREDCHECK_MISUSE);
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
        if (credcheck_check(args->db, &request, &d) != CREDCHECK_OK) {
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
    EXPECT(credcheck_db_open(&readers, path_in("c.db"), CREDCHECK_OPEN_READONLY) == CREDCHECK_OK);
    EXPECT(credcheck_db_open(&writer, path_in("c.db"), 0) == CREDCHECK_OK);
    f = fopen(path_in("many.csv"), "wb");
    fputs("document_no,subject_code,subject_name,department,decided_on,penalty_types\n", f);
    for (i = 0; i < 2000; ++i) fprintf(f, "T%d,%s,某公司,市场监管局,2025-01-01,警告\n", i, kClean);
    fclose(f);
    for (i = 0; i < 4; ++i) {
        args[i].db = readers;
        args[i].denied = args[i].failures = 0;
        pthread_create(&threads[i], NULL, check_worker, &args[i]);
    }
    EXPECT(credcheck_import(writer, "penalties", path_in("many.csv"), 0, NULL) == CREDCHECK_OK);
    for (i = 0; i < 4; ++i) {
        pthread_join(threads[i], NULL);
        EXPECT(args[i].failures == 0);
        EXPECT(args[i].denied == 100);
    }
    credcheck_db_close(writer);
    credcheck_db_close(readers);
}

static void test_struct_sizes(void) {
    /* The structs only ever grow at the end: their leading size field lets the library tell. */
    EXPECT(sizeof(credcheck_check_request) == sizeof(size_t) + 5 * sizeof(const char*));
    EXPECT(sizeof(credcheck_receipt) == sizeof(size_t) + sizeof(long long) + 9 * sizeof(const char*));
    EXPECT(sizeof(credcheck_import_report) >= sizeof(size_t) + 6 * sizeof(unsigned long long) + sizeof(int));
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
    strcpy(dir, "/tmp/credcheck-capi-XXXXXX");
    if (mkdtemp(dir) == NULL) return 2;
    test_databases();
    test_checks();
    test_batch();
    test_objections();
    test_workflows();
    test_threads();
    test_struct_sizes();
    EXPECT(credcheck_configure_for_threads() == CREDCHECK_MISUSE);
    {
        char command[128];
        snprintf(command, sizeof command, "rm -rf %s", dir);
        if (system(command) != 0) fprintf(stderr, "could not remove %s\n", dir);
    }
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
