/* identify_codes — reads codes one a line (a department's spreadsheet column, say) and prints for
 * each its kind and canonical form, or why it is not a valid code. Uses only credcheck.h.
 *   identify_codes < codes.txt */
#include <credcheck.h>

#include <stdio.h>
#include <string.h>

static const char* kind_name(int kind) {
    switch (kind) {
    case CREDCHECK_ID_USCC: return "unified social credit code";
    case CREDCHECK_ID_ORG_CODE: return "organization code";
    case CREDCHECK_ID_REGISTRATION_NO: return "registration number";
    case CREDCHECK_ID_CITIZEN_ID: return "citizen ID number";
    default: return "unknown";
    }
}

int main(void) {
    char line[256];
    int invalid = 0;
    /* Any library of the same ABI at least as new as the header will do. */
    if (credcheck_abi_version() != CREDCHECK_ABI_VERSION || credcheck_libversion_number() < CREDCHECK_VERSION_NUMBER) {
        fprintf(stderr, "built against credcheck %s, but the library is %s\n", CREDCHECK_VERSION_STRING, credcheck_libversion());
        return 2;
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        credcheck_identity id = CREDCHECK_IDENTITY_INIT;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0') continue;
        if (credcheck_identify(&id, line, 0) == CREDCHECK_OK) {
            printf("%-20s %s\n", id.normalized, kind_name(id.kind));
        } else {
            ++invalid;
            printf("%-20s INVALID %s: %s\n", line, id.closest_kind ? kind_name(id.closest_kind) : "", id.error);
        }
    }
    return invalid == 0 ? 0 : 1;
}
