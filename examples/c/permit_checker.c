/* permit_checker — a permit-approval system's must-check (应查必查) before it approves anything.
 * Reads an application file, one application a line: "application id|applicant code|licence sought",
 * checks each applicant in the admin_license scenario, and prints the officer's decision sheet: the
 * verdict, every measure to apply and why, green-channel eligibility, and the receipt to file.
 *
 *   permit_checker DB APPLICATIONS [AS_OF]
 * Exit 0 when every application was checked (whatever the verdicts), 1 on an error. */
#include <credcheck.h>

#include <stdio.h>
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
    credcheck_decision_receipt(&receipt, decision);
    printf("  receipt %s (data version %lld, catalog %s)\n\n", receipt.id, receipt.data_version, receipt.catalog_version);
    credcheck_decision_free(decision);
    return 0;
}

int main(int argc, char** argv) {
    credcheck_db* db = NULL;
    credcheck_principal principal = CREDCHECK_PRINCIPAL_INIT;
    credcheck_open_options options = CREDCHECK_OPEN_OPTIONS_INIT;
    FILE* applications;
    char line[512];
    int failures = 0;
    if (argc < 3) {
        fprintf(stderr, "usage: permit_checker DB APPLICATIONS [AS_OF]\n");
        return 1;
    }
    /* The service centre checks as itself (an implementing department): its name is recorded with
     * every decision, and it may do nothing but check, read its inbox and give feedback. */
    principal.role = CREDCHECK_ROLE_IMPLEMENTING;
    principal.department = "鄂州市政务服务和大数据管理局";
    principal.officer = "窗口审批";
    options.flags = CREDCHECK_OPEN_READONLY;
    options.principal = &principal;
    if (credcheck_db_open(&db, argv[1], &options) != CREDCHECK_OK) {
        fprintf(stderr, "permit_checker: %s\n", credcheck_last_error());
        return 1;
    }
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
        failures += check_application(db, id, applicant, licence ? licence : "", argc > 3 ? argv[3] : NULL);
    }
    fclose(applications);
    credcheck_db_close(db);
    return failures == 0 ? 0 : 1;
}
