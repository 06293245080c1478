/* permit_checker — a permit-approval system's must-check (应查必查) before it approves anything.
 * Reads an application file, one application a line: "application id|applicant code|licence sought",
 * checks each applicant in the admin_license scenario, and prints the officer's decision sheet: the
 * verdict, every measure to apply and why, green-channel eligibility, and the receipt to file.
 *
 *   permit_checker DB APPLICATIONS [AS_OF] [--feed DIR] [--max-age SECONDS]
 *
 * With --feed, DB is the service centre's replica of the credit office's data (credcheck replica init)
 * and DIR the office's feed directory: before the applications are checked the replica is refreshed —
 * every newer signed file applied, or a file that cannot be trusted refused — and the sheet says where
 * the data stands and, for every decision made on data past the feed's expiry or older than --max-age,
 * that it is stale (such a decision is at least review: never a plain allow on frozen data). A real host
 * runs the refresh from its own timer thread; the checks go on meanwhile on the data as it was.
 *
 * Exit 0 when every application was checked (whatever the verdicts), 1 on an error. */
#include <credcheck.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_application(credcheck_db* db, const char* id, const char* applicant, const char* licence, const char* as_of) {
    credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
    credcheck_decision* decision = NULL;
    credcheck_receipt receipt = CREDCHECK_RECEIPT_INIT;
    size_t i, n;
    int status;

    request.subject = applicant;
    request.scenario = "admin_license";
    request.as_of = as_of;
    request.purpose = id;
    status = credcheck_check(&decision, db, &request);
    if (status != CREDCHECK_OK) {
        printf("%s  cannot check %s: %s (%s)\n\n", id, applicant, credcheck_last_error(), credcheck_status_name(status));
        return status == CREDCHECK_INVALID_IDENTIFIER ? 0 : 1; /* a mistyped code is the applicant's problem */
    }
    printf("%s  %s — %s\n", id, licence, credcheck_decision_subject_found(decision) ? credcheck_decision_subject_name(decision) : "(no credit information)");
    printf("  verdict: %s\n", credcheck_verdict_name(credcheck_decision_verdict(decision)));
    n = credcheck_decision_measure_count(decision, CREDCHECK_MEASURES_APPLIED);
    for (i = 0; i < n; ++i) {
        credcheck_measure m = CREDCHECK_MEASURE_INIT;
        credcheck_decision_measure(&m, decision, CREDCHECK_MEASURES_APPLIED, i);
        printf("  apply %-10s %s %s\n        why: %s\n        basis: %s\n", credcheck_effect_name(m.effect), m.code, m.name, m.reason,
               m.legal_basis);
    }
    n = credcheck_decision_measure_count(decision, CREDCHECK_MEASURES_SUSPENDED);
    for (i = 0; i < n; ++i) {
        credcheck_measure m = CREDCHECK_MEASURE_INIT;
        credcheck_decision_measure(&m, decision, CREDCHECK_MEASURES_SUSPENDED, i);
        printf("  suspended %s (objection #%lld is being verified)\n", m.code, m.objection_id);
    }
    printf("  green channel: %s — %s\n", credcheck_decision_green_channel(decision) ? "yes, 容缺受理 allowed" : "no",
           credcheck_decision_green_channel_reason(decision));
    if (credcheck_decision_stale(decision)) printf("  STALE DATA: %s\n", credcheck_decision_stale_reason(decision));
    credcheck_decision_receipt(&receipt, decision);
    printf("  receipt %s (data version %lld as of %s, catalog %s)\n\n", receipt.id, receipt.data_version,
           receipt.data_as_of[0] ? receipt.data_as_of : "unknown", receipt.catalog_version);
    credcheck_decision_free(decision);
    return 0;
}

/* Applies the office's newer feed files to the replica and says where its data stands. A refused file
 * changes nothing: the replica keeps answering on the data it had, and its decisions say when that
 * data grows stale. Returns 1 when the refresh failed. */
static int refresh_replica(credcheck_db* db, const char* feed) {
    credcheck_replica_status status = CREDCHECK_REPLICA_STATUS_INIT;
    long long applied = 0;
    int rc = credcheck_replica_apply(&applied, &status, db, feed);
    if (rc != CREDCHECK_OK) {
        printf("replica NOT refreshed (%s): %s\n", credcheck_status_name(rc), credcheck_last_error());
        if (credcheck_replica_get_status(&status, db) != CREDCHECK_OK) return 1;
    } else {
        printf("replica refreshed: %lld new feed file(s) applied\n", applied);
    }
    printf("credit data: feed file %lld, data version %lld, as of %s (%lld s ago), expires %s%s\n\n", status.sequence, status.data_version,
           status.data_as_of, status.lag_seconds, status.expires_at, status.expired ? " — EXPIRED: decisions are stale" : "");
    return rc == CREDCHECK_OK ? 0 : 1;
}

int main(int argc, char** argv) {
    credcheck_db* db = NULL;
    credcheck_principal principal = CREDCHECK_PRINCIPAL_INIT;
    credcheck_open_options options = CREDCHECK_OPEN_OPTIONS_INIT;
    FILE* applications;
    char line[512];
    const char* as_of = NULL;
    const char* feed = NULL;
    int failures = 0, i;
    if (argc < 3) {
        fprintf(stderr, "usage: permit_checker DB APPLICATIONS [AS_OF] [--feed DIR] [--max-age SECONDS]\n");
        return 1;
    }
    for (i = 3; i < argc; ++i) {
        if (strcmp(argv[i], "--feed") == 0 && i + 1 < argc) feed = argv[++i];
        else if (strcmp(argv[i], "--max-age") == 0 && i + 1 < argc) options.max_data_age_seconds = atoll(argv[++i]);
        else as_of = argv[i];
    }
    /* The service centre checks as itself (an implementing department): its name is recorded with
     * every decision, and it may do nothing but check, read its inbox and give feedback. */
    principal.role = CREDCHECK_ROLE_IMPLEMENTING;
    principal.department = "鄂州市政务服务和大数据管理局";
    principal.officer = "窗口审批";
    options.flags = feed ? 0u : CREDCHECK_OPEN_READONLY; /* a replica is written by its refresh (and logs its checks) */
    options.principal = &principal;
    if (credcheck_db_open(&db, argv[1], &options) != CREDCHECK_OK) {
        fprintf(stderr, "permit_checker: %s\n", credcheck_last_error());
        return 1;
    }
    if (feed) failures += refresh_replica(db, feed);
    applications = fopen(argv[2], "r");
    if (applications == NULL) {
        fprintf(stderr, "permit_checker: cannot read %s\n", argv[2]);
        credcheck_db_close(db);
        return 1;
    }
    while (fgets(line, sizeof line, applications) != NULL) {
        char* id = strtok(line, "|\r\n");
        char* applicant = strtok(NULL, "|\r\n");
        char* licence = strtok(NULL, "|\r\n");
        if (id == NULL || id[0] == '#' || applicant == NULL) continue;
        failures += check_application(db, id, applicant, licence ? licence : "", as_of);
    }
    fclose(applications);
    credcheck_db_close(db);
    return failures == 0 ? 0 : 1;
}
