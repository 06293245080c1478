/* The C ABI as a C program sees it: every function and its error paths. */
#include "credcheck.h"

#include <stdio.h>
#include <string.h>

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

static void test_free_accepts_null(void) { credcheck_free(NULL); }

int main(void) {
    test_versions();
    test_status_names();
    test_identify_valid();
    test_identify_masks_personal_ids();
    test_identify_invalid();
    test_identify_misuse();
    test_free_accepts_null();
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
