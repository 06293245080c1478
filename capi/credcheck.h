/*
 * credcheck.h — the stable C ABI of credcheck, the embedded mandatory credit check (应查必查).
 *
 * Conventions (they hold for every function; CHANGES.md records how 1.0 came to them):
 *   - Names are credcheck_<module>_<verb>: credcheck_calendar_add_working_days, credcheck_objection_file.
 *   - Every function returns a credcheck_status (0 = CREDCHECK_OK) unless it says otherwise. Every
 *     number in this header — statuses, verdicts, effects, roles, kinds — is a literal that never
 *     changes meaning; new ones are only appended. A black-list hit is data in a decision, never an
 *     error status.
 *   - Out-parameters come first, before the handle: credcheck_check(&decision, db, &request). On
 *     failure an out-pointer is set to NULL (or 0) before the function returns.
 *   - Errors: credcheck_last_error() returns, for the calling thread, the message of its last failed
 *     call, saying what was wrong and where. It is the one error channel; it is safe under threads.
 *   - Versioned structs start with `size`: initialise them with their *_INIT macro. The rule is the
 *     one of Linux's openat2/clone3: a library newer than the caller reads a smaller struct (down to
 *     the 1.0 layout) and gives every field the caller lacks its default, which is always zero/NULL;
 *     a library older than the caller accepts a larger struct when every byte it does not know is
 *     zero, and refuses it with CREDCHECK_STRUCT_TOO_NEW otherwise. Structs the library fills (an
 *     identity, a measure, a receipt, an import report) are written up to the caller's `size` and
 *     never past it. So a binary built against this header keeps working with every later 1.x library.
 *   - Text is UTF-8. Strings the library returns are owned by what returned them (a decision, the
 *     calling thread) and documented with their lifetime; memory handed out with char** is freed
 *     with credcheck_free, never with the caller's free().
 *   - Who acts is the handle's principal (credcheck_principal): every write and check is authorised
 *     for it and recorded with it, and its officer, in the audit trail. No function takes an "actor".
 *   - No C++ exception ever crosses this boundary.
 *
 * Caveats
 *   - Threads: every function may be called from any thread. One credcheck_db serves concurrent checks
 *     from many threads (reads use a pool of SQLite connections; writes are serialised). Handles made
 *     with credcheck_db_as share the open file: its connections, catalog cache and one check-log
 *     writer — deriving a handle per request costs no thread and no parse. A credcheck_decision
 *     belongs to whoever received it: share it only with your own locking. For checks on several
 *     threads, call credcheck_configure_for_threads() once at start-up.
 *   - fork(): close every credcheck_db before forking, or use them only in the parent; SQLite
 *     connections must not cross fork().
 *   - The same file opened twice, in one process or several, is safe: SQLite's WAL mode and the busy
 *     timeout arbitrate, and each check reads one committed state.
 *   - Long transactions: an import holds the write lock until it commits; checks go on meanwhile and
 *     see the data as it was before the import. So does credcheck_replica_apply on a department replica:
 *     call it from a timer or a thread of its own, while other threads check.
 */
#ifndef CREDCHECK_H
#define CREDCHECK_H

#include <stddef.h>

#if defined(_WIN32)
#  if defined(CREDCHECK_BUILDING)
#    define CREDCHECK_API __declspec(dllexport)
#  else
#    define CREDCHECK_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define CREDCHECK_API __attribute__((visibility("default")))
#else
#  define CREDCHECK_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Versions ------------------------------------------------------------------------------ */

#define CREDCHECK_VERSION_MAJOR 1
#define CREDCHECK_VERSION_MINOR 0
#define CREDCHECK_VERSION_PATCH 0
#define CREDCHECK_VERSION_STRING "1.0.0"
#define CREDCHECK_VERSION_NUMBER (CREDCHECK_VERSION_MAJOR * 1000000 + CREDCHECK_VERSION_MINOR * 1000 + CREDCHECK_VERSION_PATCH)
/* The SONAME's number (libcredcheck.so.1). Raised only by a binary-incompatible change; from 1.0 the
 * ABI only grows. */
#define CREDCHECK_ABI_VERSION 1

/* The version of the library actually loaded: compare with the macros above. Never fail. */
CREDCHECK_API const char* credcheck_libversion(void);
CREDCHECK_API int credcheck_libversion_number(void);
CREDCHECK_API int credcheck_abi_version(void);

/* ---- Status codes -------------------------------------------------------------------------- */

typedef enum credcheck_status {
    CREDCHECK_OK = 0,
    CREDCHECK_INVALID_ARGUMENT = 1,     /* malformed input: bad date, unknown scenario, … */
    CREDCHECK_INVALID_IDENTIFIER = 2,   /* a code failed its standard's checks */
    CREDCHECK_NOT_FOUND = 3,            /* a named file, subject, record or entry does not exist */
    CREDCHECK_IO_ERROR = 4,
    CREDCHECK_DATABASE_ERROR = 5,
    CREDCHECK_SCHEMA_TOO_NEW = 6,       /* the database was written by a newer credcheck */
    CREDCHECK_IMPORT_REJECTED = 7,      /* bad rows; nothing was committed */
    CREDCHECK_CATALOG_INVALID = 8,
    CREDCHECK_PERMISSION_DENIED = 9,
    CREDCHECK_CONFLICT = 10,
    CREDCHECK_CALENDAR_NOT_COVERED = 11,
    CREDCHECK_BUSY = 12,
    CREDCHECK_OUT_OF_MEMORY = 13,
    CREDCHECK_INTERNAL = 14,
    CREDCHECK_MISUSE = 15,              /* NULL where not allowed, a struct not initialised, a closed handle */
    CREDCHECK_STRUCT_TOO_NEW = 16,      /* a struct from a newer header sets fields this library does not know */
    CREDCHECK_FEED_REFUSED = 17         /* a feed file failed verification (signature, chain, sequence, expiry, digest): nothing applied */
} credcheck_status;

/* A static English name for a status ("invalid_identifier"); "unknown" for other numbers. */
CREDCHECK_API const char* credcheck_status_name(int status);

/* The message of the calling thread's last failed call, or "" if none failed yet. The pointer is
 * valid until the calling thread's next credcheck call. */
CREDCHECK_API const char* credcheck_last_error(void);

/* Frees memory the library handed out through a char** (JSON documents). NULL is ignored. */
CREDCHECK_API void credcheck_free(void* p);

/* Turns off SQLite's process-wide memory statistics, whose global mutex serialises checks on several
 * threads. Affects every SQLite user of the process; call it before any SQLite use. CREDCHECK_MISUSE
 * when SQLite is already in use (nothing changed). */
CREDCHECK_API int credcheck_configure_for_threads(void);

/* ---- Identifiers --------------------------------------------------------------------------- */

typedef enum credcheck_id_kind {
    CREDCHECK_ID_NONE = 0,
    CREDCHECK_ID_USCC = 1,             /* unified social credit code, GB 32100 */
    CREDCHECK_ID_ORG_CODE = 2,         /* organisation code, GB 11714 */
    CREDCHECK_ID_REGISTRATION_NO = 3,  /* 15-digit business registration number */
    CREDCHECK_ID_CITIZEN_ID = 4,       /* citizen ID number, GB 11643 */
    CREDCHECK_ID_TAX_REGISTRATION_NO = 5,   /* 税务登记号: six-digit division + organisation code (checked) */
    CREDCHECK_ID_TAXPAYER_NO = 6,           /* 20 characters: a citizen ID number + two digits */
    CREDCHECK_ID_REGISTRATION_NO_13 = 7,    /* 13-digit registration number before 2007: shape and province only */
    CREDCHECK_ID_FOREIGN_REGISTRATION_NO = 8 /* a foreign-invested enterprise's: 企合浙绍总字第002112号 */
} credcheck_id_kind;

/* "uscc", "org_code", "registration_no", "citizen_id", "tax_registration_no", "taxpayer_no",
 * "registration_no_13", "foreign_registration_no", "none"; "unknown" for other numbers. */
CREDCHECK_API const char* credcheck_id_kind_name(int kind);

/* Flags for credcheck_identify. Bit 0x1 is retired (0.x's STRICT, now the default) and refused. */
#define CREDCHECK_IDENTIFY_NO_NORMALIZE 0x2u /* take the text as is: no trimming, case folding, … */
#define CREDCHECK_IDENTIFY_UNMASKED 0x4u     /* show a citizen ID number in full in `normalized` */
#define CREDCHECK_IDENTIFY_LENIENT 0x8u      /* USCC: only the check character, not the authority/category
                                                pair and embedded organisation code (strict by default) */

/* What normalisation changed (credcheck_identity.changes): bits. */
#define CREDCHECK_NORMALIZED_SPACES 0x1u      /* spaces, tabs or line breaks removed */
#define CREDCHECK_NORMALIZED_HYPHENS 0x2u     /* hyphens removed */
#define CREDCHECK_NORMALIZED_FULL_WIDTH 0x4u  /* full-width characters folded to ASCII */
#define CREDCHECK_NORMALIZED_LOWER_CASE 0x8u  /* lower-case letters upper-cased */
#define CREDCHECK_NORMALIZED_APOSTROPHE 0x10u /* Excel's leading apostrophe removed */
#define CREDCHECK_NORMALIZED_QUOTES 0x20u     /* quotes around the code removed */

typedef struct credcheck_identity {
    size_t size;            /* set by CREDCHECK_IDENTITY_INIT */
    int kind;               /* credcheck_id_kind; CREDCHECK_ID_NONE when invalid */
    int closest_kind;       /* when invalid: the kind the text most resembles, or NONE */
    const char* normalized; /* canonical text; a citizen ID masked unless UNMASKED; "" when invalid */
    size_t error_position;  /* 1-based character position of the problem; 0 = the whole text */
    const char* error;      /* the diagnostic; "" when valid */
    /* Appended after 1.0.0 (a caller with the 1.0 layout never sees them): */
    unsigned changes;       /* CREDCHECK_NORMALIZED_* bits: what normalisation changed */
    int masked;             /* 1: a masked code (9114082306****333G), which cannot identify a subject */
    const char* note;       /* what to know of a valid code ("no check digit: recognised by its shape and province only"); "" if nothing */
} credcheck_identity;
/* `normalized`, `error` and `note` belong to the calling thread: valid until its next credcheck_identify. */

#define CREDCHECK_IDENTITY_INIT {sizeof(credcheck_identity), 0, 0, NULL, 0, NULL, 0u, 0, NULL}

/* Says which kind of identifier `text` is, or why it is none: CREDCHECK_OK when it is valid,
 * CREDCHECK_INVALID_IDENTIFIER when not (out->error says why, and so does credcheck_last_error()).
 * Birth dates are checked against today. Unknown flag bits: CREDCHECK_MISUSE. */
CREDCHECK_API int credcheck_identify(credcheck_identity* out, const char* text, unsigned flags);

/* ---- Databases and principals ---------------------------------------------------------------- */

typedef struct credcheck_db credcheck_db;

/* Who acts through a handle (seed item 18). CREDCHECK_ROLE_CREDIT_OFFICE may do everything;
 * INITIATING writes the records and entries its department finds and handles objections to them;
 * IMPLEMENTING checks, reads its inbox and answers it; PUBLIC reads the published red and black lists. */
typedef enum credcheck_role {
    CREDCHECK_ROLE_NONE = 0, /* not set: refused, never taken for the credit office */
    CREDCHECK_ROLE_CREDIT_OFFICE = 1,
    CREDCHECK_ROLE_INITIATING = 2,
    CREDCHECK_ROLE_IMPLEMENTING = 3,
    CREDCHECK_ROLE_PUBLIC = 4
} credcheck_role;

typedef struct credcheck_principal {
    size_t size;            /* set by CREDCHECK_PRINCIPAL_INIT */
    int role;               /* credcheck_role; must be set */
    const char* department; /* as the database knows it (name or code); NULL for the credit office or the public */
    const char* officer;    /* the person acting, recorded in the audit trail; NULL: none named */
} credcheck_principal;

#define CREDCHECK_PRINCIPAL_INIT {sizeof(credcheck_principal), CREDCHECK_ROLE_NONE, NULL, NULL}

#define CREDCHECK_OPEN_READONLY 0x1u    /* never write; writes fail with CREDCHECK_PERMISSION_DENIED */
#define CREDCHECK_OPEN_CREATE 0x2u      /* create a new database with the default catalog; fails if it exists */
#define CREDCHECK_OPEN_REQUIRE_LOG 0x4u /* a check that cannot be recorded in the check log fails instead of answering */

typedef struct credcheck_open_options {
    size_t size;                          /* set by CREDCHECK_OPEN_OPTIONS_INIT */
    unsigned flags;                       /* CREDCHECK_OPEN_* */
    const credcheck_principal* principal; /* NULL: the credit office (the administrators' own tools) */
    int busy_timeout_ms;                  /* how long a statement waits for another connection's lock; 0: 5000 */
    long long max_data_age_seconds;       /* on a department replica, decisions on data the office published longer
                                             ago than this are stale (at least review); 0: only the feed file's own expiry */
} credcheck_open_options;

#define CREDCHECK_OPEN_OPTIONS_INIT {sizeof(credcheck_open_options), 0u, NULL, 0, 0}

/* Opens (or with CREDCHECK_OPEN_CREATE creates) the database at `path`; `options` may be NULL. On
 * failure *out is NULL: CREDCHECK_NOT_FOUND (no such file), CREDCHECK_SCHEMA_TOO_NEW,
 * CREDCHECK_CONFLICT (CREATE over an existing file), CREDCHECK_DATABASE_ERROR (not a credcheck
 * database), CREDCHECK_IO_ERROR. Close the handle with credcheck_db_close. */
CREDCHECK_API int credcheck_db_open(credcheck_db** out, const char* path, const credcheck_open_options* options);

/* Another handle on the same open file acting as `principal` (a server serving several departments
 * opens the file once and derives a handle per request). It shares the file's connections, catalog
 * cache and check-log writer. Only narrows: CREDCHECK_PERMISSION_DENIED unless db's principal may act
 * as `principal`. Close it with credcheck_db_close, before or after `db`. */
CREDCHECK_API int credcheck_db_as(credcheck_db** out, credcheck_db* db, const credcheck_principal* principal);

/* Closes the handle; NULL is ignored. No other call on it may be running or follow. */
CREDCHECK_API void credcheck_db_close(credcheck_db* db);

/* ---- Import ---------------------------------------------------------------------------------- */

typedef enum credcheck_import_kind {
    CREDCHECK_IMPORT_KIND_SUBJECTS = 1,
    CREDCHECK_IMPORT_KIND_RELATIONS = 2,
    CREDCHECK_IMPORT_KIND_LISTS = 3,
    CREDCHECK_IMPORT_KIND_LICENSES = 4,
    CREDCHECK_IMPORT_KIND_PENALTIES = 5
} credcheck_import_kind;

#define CREDCHECK_IMPORT_PARTIAL 0x1u /* commit the good rows even when some are bad */
#define CREDCHECK_IMPORT_GB18030 0x2u /* the file is GB18030 (or GBK), not UTF-8 */

typedef struct credcheck_import_report {
    size_t size; /* set by CREDCHECK_IMPORT_REPORT_INIT */
    unsigned long long rows, inserted, updated, unchanged, rejected, subjects_created;
    int committed; /* 1 when the rows were written */
} credcheck_import_report;

#define CREDCHECK_IMPORT_REPORT_INIT {sizeof(credcheck_import_report), 0, 0, 0, 0, 0, 0, 0}

/* Imports a department file of `kind` (credcheck_import_kind), CSV or JSON Lines by its extension.
 * All or nothing unless CREDCHECK_IMPORT_PARTIAL: a bad row returns CREDCHECK_IMPORT_REJECTED with
 * nothing written, credcheck_last_error() naming the first bad row and column. `out` may be NULL; it
 * is filled on success and on CREDCHECK_IMPORT_REJECTED. */
CREDCHECK_API int credcheck_import_file(credcheck_import_report* out, credcheck_db* db, int kind, const char* path, unsigned flags);

/* Flags of credcheck_import_options (PARTIAL and GB18030 above are flags of both functions). */
#define CREDCHECK_IMPORT_DRY_RUN 0x4u /* read and validate every row as the import would; write nothing */
#define CREDCHECK_IMPORT_UTF8 0x8u    /* a text file is UTF-8 (default: detected, UTF-8 when its bytes are, else GB18030) */

/* How to read a department's file as it comes. Strings are borrowed for the call only. */
typedef struct credcheck_import_options {
    size_t size;                  /* set by CREDCHECK_IMPORT_OPTIONS_INIT */
    int kind;                     /* credcheck_import_kind; must be set */
    unsigned flags;               /* CREDCHECK_IMPORT_PARTIAL | _GB18030 | _UTF8 | _DRY_RUN */
    const char* sheet;            /* a workbook's sheet, by name or number from 1 ("2"); NULL: the only visible sheet with data */
    size_t header_row;            /* the header's row (a sheet's row, a text file's line); 0: found below title rows */
    const char* profile;          /* a profile file, or a built-in profile's name ("tax_a_grade"); NULL: none */
    const char* const* constants; /* "COLUMN=VALUE" strings: a canonical column's value for every row; may be NULL */
    size_t constant_count;        /* how many `constants` holds */
    const char* rejects;          /* with PARTIAL: write the bad rows, with the reason, to this file; NULL: none */
    const char* as_of;            /* the import's date, "YYYY-MM-DD"; NULL: today (China Standard Time) */
} credcheck_import_options;

#define CREDCHECK_IMPORT_OPTIONS_INIT {sizeof(credcheck_import_options), 0, 0u, NULL, 0, NULL, NULL, 0, NULL, NULL}

/* Imports a department file as it comes: CSV or JSON Lines (UTF-8 or GB18030, detected), XLSX, XLS,
 * Excel 2003 XML or an HTML table saved as .xls, recognised by its bytes. `out` and `report_json` may
 * be NULL. *report_json receives, on success and on CREDCHECK_IMPORT_REJECTED, a JSON document to free
 * with credcheck_free: how the file was read ("source": format, encoding, sheet, header row, each
 * column's use, constants), the counts, the problems (ID numbers masked) and, for a dry run, the first
 * rows as they would be imported ("preview") and what would refuse the file ("refusals"). A dry run
 * writes nothing and returns CREDCHECK_OK even when rows would be rejected (the report counts them).
 * Errors as credcheck_import_file; CREDCHECK_INVALID_ARGUMENT also for a file credcheck does not read
 * (the message names what it is), several sheets with data and no `sheet` (it names them), no header.
 * A workbook's sheet is unzipped and parsed on a thread of its own, ahead of the rows being validated
 * and written; it ends before the call returns (if no thread can be had, the call reads on its own).
 * Appended to the 1.x ABI after 1.0.0. */
CREDCHECK_API int credcheck_import_run(credcheck_import_report* out, char** report_json, credcheck_db* db, const char* path,
                                       const credcheck_import_options* options);

/* ---- The must-check ---------------------------------------------------------------------------- */

typedef enum credcheck_verdict {
    CREDCHECK_VERDICT_DENY = 0,     /* a prohibiting measure applies */
    CREDCHECK_VERDICT_RESTRICT = 1, /* allow with limits */
    CREDCHECK_VERDICT_REVIEW = 2,   /* look closer: scrutiny, a suspended measure, data it cannot vouch for */
    CREDCHECK_VERDICT_ALLOW = 3,
    CREDCHECK_VERDICT_FAVOR = 4     /* incentives apply: green channel, 容缺受理, priority */
} credcheck_verdict;

/* "deny", "restrict", "review", "allow", "favor"; "unknown" for other numbers. */
CREDCHECK_API const char* credcheck_verdict_name(int verdict);

typedef struct credcheck_check_request {
    size_t size;          /* set by CREDCHECK_CHECK_REQUEST_INIT */
    const char* subject;  /* any identifier */
    const char* scenario; /* a catalog scenario code: "gov_procurement", "admin_license", … */
    const char* as_of;    /* "YYYY-MM-DD", or NULL for today (China Standard Time) */
    const char* purpose;  /* why: a case reference; may be NULL */
    /* Appended after 1.0.0: */
    const char* subject_name; /* with a masked code (9114082306****333G): the subject's name; the one subject of that
                                 name whose code fits the mask is checked, as a name match; may be NULL */
} credcheck_check_request;
/* Who checks is the handle's principal: the decision, the check log and the audit trail name it. */

#define CREDCHECK_CHECK_REQUEST_INIT {sizeof(credcheck_check_request), NULL, NULL, NULL, NULL, NULL}

typedef struct credcheck_decision credcheck_decision;

/* Checks one subject; *out is a decision to free with credcheck_decision_free. A black-list hit is a
 * decision (CREDCHECK_OK, verdict DENY), never an error. Errors: CREDCHECK_INVALID_IDENTIFIER (no
 * valid code), CREDCHECK_INVALID_ARGUMENT (unknown scenario, bad date), CREDCHECK_DATABASE_ERROR (a
 * stored value outside its domain: the file was altered), CREDCHECK_PERMISSION_DENIED (a public
 * handle, or a REQUIRE_LOG handle that cannot log). */
CREDCHECK_API int credcheck_check(credcheck_decision** out, credcheck_db* db, const credcheck_check_request* request);

/* Checks `count` subjects against one data state with the scenario, date and purpose of `common`
 * (its `subject` is ignored): e.g. all bidders of a tender (批量比对). out[i] receives the decision for
 * subjects[i]; free each. On failure every out[i] is NULL and the error names the bad subject's position. */
CREDCHECK_API int credcheck_check_batch(credcheck_decision** out, credcheck_db* db, const credcheck_check_request* common,
                                        const char* const* subjects, size_t count);

/* Frees a decision; NULL is ignored. */
CREDCHECK_API void credcheck_decision_free(credcheck_decision* decision);

typedef enum credcheck_subject_kind {
    CREDCHECK_SUBJECT_UNKNOWN = 0, /* the subject is not in the database */
    CREDCHECK_SUBJECT_LEGAL_PERSON = 1,
    CREDCHECK_SUBJECT_OTHER_ORGANIZATION = 2,
    CREDCHECK_SUBJECT_INDIVIDUAL_BUSINESS = 3,
    CREDCHECK_SUBJECT_NATURAL_PERSON = 4
} credcheck_subject_kind;

typedef enum credcheck_subject_status {
    CREDCHECK_SUBJECT_STATUS_UNKNOWN = 0, /* the subject is not in the database */
    CREDCHECK_SUBJECT_ACTIVE = 1,
    CREDCHECK_SUBJECT_DEREGISTERED = 2,
    CREDCHECK_SUBJECT_REVOKED = 3
} credcheck_subject_status;

/* "legal_person", …, "natural_person" / "active", "deregistered", "revoked"; "" for the UNKNOWN value
 * and "unknown" for numbers outside the enumeration. */
CREDCHECK_API const char* credcheck_subject_kind_name(int kind);
CREDCHECK_API const char* credcheck_subject_status_name(int status);

/* Accessors. Strings are owned by the decision and valid until it is freed; a citizen ID number is
 * masked (420704********1237). For a NULL decision they return -1, 0 or NULL. */
CREDCHECK_API int credcheck_decision_verdict(const credcheck_decision* decision);
CREDCHECK_API int credcheck_decision_subject_found(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_subject_code(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_subject_name(const credcheck_decision* decision); /* "" when not found */
CREDCHECK_API int credcheck_decision_subject_kind(const credcheck_decision* decision);         /* credcheck_subject_kind */
CREDCHECK_API int credcheck_decision_subject_status(const credcheck_decision* decision);       /* credcheck_subject_status */

typedef enum credcheck_match {
    CREDCHECK_MATCH_CODE = 0, /* the subject was found by a code */
    CREDCHECK_MATCH_NAME = 1  /* by its name and the characters a masked code shows: confirm it (the decision has a caveat) */
} credcheck_match;
/* How the subject was found (credcheck_match); -1 for a NULL decision. Appended after 1.0.0. */
CREDCHECK_API int credcheck_decision_subject_matched_by(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_scenario(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_as_of(const credcheck_decision* decision);

/* Green-channel eligibility (1 or 0), and why or why not. */
CREDCHECK_API int credcheck_decision_green_channel(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_green_channel_reason(const credcheck_decision* decision);

/* Grounds the decision could not vouch for ("no list data loaded: …"): each makes the verdict at least
 * review and withholds every incentive. The count, and caveat `index` (NULL past the end). */
CREDCHECK_API size_t credcheck_decision_caveat_count(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_caveat(const credcheck_decision* decision, size_t index);

/* 1 when the decision is recorded in the check log (written, or queued to a log writer that works),
 * 0 when not; then credcheck_decision_log_error says why (a read-only handle, the log writer failing —
 * the decision stays queued and is retried). A handle opened with CREDCHECK_OPEN_REQUIRE_LOG never
 * returns an unlogged decision: the check fails with the log's error instead. */
CREDCHECK_API int credcheck_decision_logged(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_log_error(const credcheck_decision* decision); /* "" when logged */

#define CREDCHECK_MEASURES_APPLIED 0
#define CREDCHECK_MEASURES_SUSPENDED 1 /* suspended while an objection is verified */

typedef enum credcheck_effect {
    CREDCHECK_EFFECT_PROHIBIT = 0,
    CREDCHECK_EFFECT_RESTRICT = 1,
    CREDCHECK_EFFECT_SCRUTINIZE = 2,
    CREDCHECK_EFFECT_INCENTIVE = 3
} credcheck_effect;

/* How a measure reaches the checked subject. */
typedef enum credcheck_via {
    CREDCHECK_VIA_SELF = 0,                 /* its own entry */
    CREDCHECK_VIA_ORGANIZATION = 1,         /* a person, through the organisation they lead (落实到人) */
    CREDCHECK_VIA_LEGAL_REPRESENTATIVE = 2, /* an organisation, through its legal representative's own entry */
    CREDCHECK_VIA_PRINCIPAL = 3             /* an organisation, through its principal's own entry */
} credcheck_via;

/* With CREDCHECK_VIA_ORGANIZATION: the person's role in the listed organisation. */
typedef enum credcheck_person_role {
    CREDCHECK_PERSON_ROLE_NONE = 0,
    CREDCHECK_PERSON_ROLE_LEGAL_REPRESENTATIVE = 1,
    CREDCHECK_PERSON_ROLE_PRINCIPAL = 2,
    CREDCHECK_PERSON_ROLE_RESPONSIBLE_PERSON = 3 /* named on the entry itself */
} credcheck_person_role;

/* "prohibit", … / "self", … / "legal_representative", … ("" for NONE); "unknown" for other numbers. */
CREDCHECK_API const char* credcheck_effect_name(int effect);
CREDCHECK_API const char* credcheck_via_name(int via);
CREDCHECK_API const char* credcheck_person_role_name(int role);

typedef struct credcheck_measure {
    size_t size;             /* set by CREDCHECK_MEASURE_INIT */
    const char* code;        /* "P.procurement_ban" */
    const char* name;
    int effect;              /* credcheck_effect */
    int via;                 /* credcheck_via */
    int role;                /* credcheck_person_role */
    const char* legal_basis; /* the bases applied, cited in one line */
    const char* reason;      /* one readable line: why this measure reaches this subject */
    const char* list;        /* the source entry's list code, "" for a rule-based incentive */
    long long entry_id;      /* the source entry, 0 for a rule-based incentive */
    const char* listed_code; /* the listed party's code (masked for a person), "" without source */
    const char* listed_name;
    const char* department;  /* the finding department */
    const char* document_no;
    const char* entered_on;  /* "YYYY-MM-DD", "" without source */
    const char* expires_on;  /* "YYYY-MM-DD", "" when open-ended or without source */
    long long objection_id;  /* the pending objection (a suspended measure, or one that runs despite it), else 0 */
    const char* entry_legal_basis; /* the source entry's own legal basis, "" without source */
    size_t basis_count;      /* the legal bases applied: credcheck_decision_measure_basis */
} credcheck_measure;

#define CREDCHECK_MEASURE_INIT {sizeof(credcheck_measure), NULL, NULL, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0}

/* How many measures are applied (CREDCHECK_MEASURES_APPLIED) or suspended. */
CREDCHECK_API size_t credcheck_decision_measure_count(const credcheck_decision* decision, int which);
/* Fills *out with measure `index` of the list `which`; its strings live as long as the decision.
 * CREDCHECK_NOT_FOUND past the end. */
CREDCHECK_API int credcheck_decision_measure(credcheck_measure* out, const credcheck_decision* decision, int which, size_t index);

/* The level of a legal basis (国办发〔2020〕49号: only the first four may restrict rights). */
typedef enum credcheck_basis_level {
    CREDCHECK_BASIS_LAW = 0,
    CREDCHECK_BASIS_ADMINISTRATIVE_REGULATION = 1,
    CREDCHECK_BASIS_JUDICIAL_INTERPRETATION = 2,
    CREDCHECK_BASIS_CENTRAL_POLICY = 3,
    CREDCHECK_BASIS_DEPARTMENTAL_RULE = 4,
    CREDCHECK_BASIS_LOCAL_REGULATION = 5,
    CREDCHECK_BASIS_LOCAL_NORMATIVE = 6,
    CREDCHECK_BASIS_MEMORANDUM = 7
} credcheck_basis_level;

/* "law", "administrative_regulation", …; "unknown" for other numbers. */
CREDCHECK_API const char* credcheck_basis_level_name(int level);

typedef struct credcheck_basis {
    size_t size;          /* set by CREDCHECK_BASIS_INIT */
    const char* id;       /* the catalog's basis id */
    const char* citation; /* "中华人民共和国政府采购法 第七十七条" */
    int level;            /* credcheck_basis_level */
    int verified;         /* 1 when its text was read at a recorded source */
} credcheck_basis;

#define CREDCHECK_BASIS_INIT {sizeof(credcheck_basis), NULL, NULL, 0, 0}

/* Basis `basis_index` of measure `index` of the list `which`. CREDCHECK_NOT_FOUND past either end. */
CREDCHECK_API int credcheck_decision_measure_basis(credcheck_basis* out, const credcheck_decision* decision, int which, size_t index,
                                                   size_t basis_index);

typedef struct credcheck_receipt {
    size_t size;                 /* set by CREDCHECK_RECEIPT_INIT */
    const char* id;              /* unique decision id */
    long long data_version;      /* the data the decision was made on */
    const char* catalog_version;
    const char* catalog_sha256;
    const char* library_version;
    const char* checked_at;      /* UTC, ISO 8601 */
    const char* as_of;           /* the check date, "YYYY-MM-DD" */
    const char* department;      /* who checked: the principal's department ("" for the credit office) */
    const char* purpose;         /* why, as the request said */
    const char* data_as_of;      /* UTC, ISO 8601: when the data last changed; "" when never recorded. On a department
                                    replica: when the office published the data (its feed file's created_at) */
    const char* data_expires_at; /* on a department replica, when that feed file expires (UTC, ISO 8601);
                                    "" on the office's own database */
} credcheck_receipt;

#define CREDCHECK_RECEIPT_INIT {sizeof(credcheck_receipt), NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

CREDCHECK_API int credcheck_decision_receipt(credcheck_receipt* out, const credcheck_decision* decision);

/* 1 when the decision was made on a department replica whose data is past its feed file's
 * expiry, or older than the handle's max_data_age_seconds: frozen data, perhaps. A stale decision is at
 * least review (its reason is among the caveats too) and never a plain allow. 0 otherwise. */
CREDCHECK_API int credcheck_decision_stale(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_stale_reason(const credcheck_decision* decision); /* "" when not stale */

#define CREDCHECK_JSON_UNMASKED 0x1u /* citizen ID numbers in full: a credit-office handle only */

/* The decision as JSON (the shape `credcheck check --json` prints): free *out_json with credcheck_free. */
CREDCHECK_API int credcheck_decision_json(char** out_json, const credcheck_decision* decision, unsigned flags);

/* ---- Workflows (seed items 4, 13, 16, 17, 19) ----------------------------------------------------
 * Dates are "YYYY-MM-DD"; where a date may be NULL it means today (China Standard Time). Functions
 * named *_json hand out a JSON document in *out_json (free it with credcheck_free), in the shape
 * `credcheck … --format json` prints (README). ID numbers in them are masked. */

typedef enum credcheck_target {
    CREDCHECK_TARGET_RECORD = 1, /* a licence, penalty or other record */
    CREDCHECK_TARGET_ENTRY = 2   /* a list entry */
} credcheck_target;

typedef enum credcheck_file_format {
    CREDCHECK_FORMAT_CSV = 1,
    CREDCHECK_FORMAT_JSONL = 2
} credcheck_file_format;

/* -- Calendar -- */

#define CREDCHECK_DATE_SIZE 11 /* "YYYY-MM-DD" and its NUL: a date has one length */

/* Loads a working-day calendar file (the TSV format of data/cn_holidays.tsv): it replaces the days of
 * every year the file lists. CREDCHECK_INVALID_ARGUMENT names the bad line. */
CREDCHECK_API int credcheck_calendar_load(credcheck_db* db, const char* tsv_path);

/* *out = 1 for a working day, 0 for a day off. CREDCHECK_CALENDAR_NOT_COVERED for a date outside the
 * loaded years (never guessed). */
CREDCHECK_API int credcheck_calendar_is_working_day(int* out, credcheck_db* db, const char* date);

/* The nth working day after `from` (which does not count). */
CREDCHECK_API int credcheck_calendar_add_working_days(char out[CREDCHECK_DATE_SIZE], credcheck_db* db, const char* from, int n);

/* Working days in (from, to]; negative when `to` is before `from`. */
CREDCHECK_API int credcheck_calendar_working_days_between(int* out, credcheck_db* db, const char* from, const char* to);

/* -- Dispatch and feedback -- */

/* Routes `measure` to the `count` departments named (name or code; unknown ones are created), replacing
 * its routes, and notifies them of the entries in force on `as_of`. */
CREDCHECK_API int credcheck_dispatch_set_routes(credcheck_db* db, const char* measure, const char* const* departments, size_t count,
                                                const char* as_of);

/* Creates the notices due on `as_of` (never after the office's today): apply for new entries, lift
 * for ended or expired ones. Either count pointer may be NULL. */
CREDCHECK_API int credcheck_dispatch_run(long long* out_apply, long long* out_lift, credcheck_db* db, const char* as_of);

/* The department's notices (pending only unless include_answered), last sent first. */
CREDCHECK_API int credcheck_dispatch_inbox_json(char** out_json, credcheck_db* db, const char* department, int include_answered);

/* Where an initiating department's entries stand: notices sent, answered, applied, lifted. */
CREDCHECK_API int credcheck_dispatch_status_json(char** out_json, credcheck_db* db, const char* department);

typedef enum credcheck_feedback_outcome {
    CREDCHECK_FEEDBACK_APPLIED = 1,
    CREDCHECK_FEEDBACK_NOT_APPLIED = 2, /* a reason is required */
    CREDCHECK_FEEDBACK_NOT_APPLICABLE = 3
} credcheck_feedback_outcome;

typedef struct credcheck_feedback {
    size_t size;             /* set by CREDCHECK_FEEDBACK_INIT */
    long long notice_id;     /* the notice answered, or 0 with decision_id */
    const char* decision_id; /* a check decision's receipt id, or NULL */
    const char* measure;     /* the measure concerned; NULL for a notice's own */
    const char* department;  /* who answers: NULL for the principal's own department */
    int outcome;             /* credcheck_feedback_outcome */
    const char* reason;
    const char* officer;     /* who decided; NULL: the principal's officer */
    const char* decided_on;  /* NULL: today */
    const char* case_ref;    /* required: the department's case or file number */
} credcheck_feedback;

#define CREDCHECK_FEEDBACK_INIT {sizeof(credcheck_feedback), 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL}

/* Records feedback on a notice or a decision. CREDCHECK_PERMISSION_DENIED when the notice went to
 * another department, CREDCHECK_CONFLICT when it was already answered. */
CREDCHECK_API int credcheck_feedback_record(long long* out_id, credcheck_db* db, const credcheck_feedback* feedback);

/* -- Objections (seed item 19) -- */

/* Files an objection against a record or list entry: from `filed_on` (NULL: today) the measures it
 * triggers are suspended (核实期间暂不执行) where the entry's list allows it. CREDCHECK_NOT_FOUND for a
 * missing target, CREDCHECK_CONFLICT when one is pending. */
CREDCHECK_API int credcheck_objection_file(long long* out_id, credcheck_db* db, int target, long long target_id, const char* filed_on,
                                           const char* filed_by, const char* reason);

typedef enum credcheck_objection_outcome {
    CREDCHECK_OBJECTION_UPHELD = 1,    /* the information stands: measures resume */
    CREDCHECK_OBJECTION_CORRECTED = 2, /* amended (credcheck_objection_correct) */
    CREDCHECK_OBJECTION_REVOKED = 3    /* the target is removed and its measures lifted */
} credcheck_objection_outcome;

/* Resolves a pending objection on `resolved_on` (NULL: today), by whom and why. CREDCHECK_CONFLICT when
 * it is already resolved. CORRECTED without corrections is credcheck_objection_correct with count 0. */
CREDCHECK_API int credcheck_objection_resolve(credcheck_db* db, long long id, int outcome, const char* resolved_on, const char* resolved_by,
                                              const char* resolution);

/* Resolves a pending objection as corrected, amending the target: columns[i] takes values[i] (the
 * README lists the columns an objection may correct). */
CREDCHECK_API int credcheck_objection_correct(credcheck_db* db, long long id, const char* resolved_on, const char* resolved_by,
                                              const char* resolution, const char* const* columns, const char* const* values, size_t count);

typedef struct credcheck_objection_query {
    size_t size;            /* set by CREDCHECK_OBJECTION_QUERY_INIT */
    int pending_only;       /* 1: pending ones only */
    const char* overdue_on; /* a date: only those overdue on it; NULL: all */
    const char* department; /* only those to this department's records and entries; NULL: all the principal may see */
} credcheck_objection_query;

#define CREDCHECK_OBJECTION_QUERY_INIT {sizeof(credcheck_objection_query), 0, NULL, NULL}

/* Objections, oldest first; `query` may be NULL (all). */
CREDCHECK_API int credcheck_objection_list_json(char** out_json, credcheck_db* db, const credcheck_objection_query* query);

/* Sets the working days a source department has to verify an objection (1–60; default 5). */
CREDCHECK_API int credcheck_objection_set_days(credcheck_db* db, int days);

/* -- Credit commitments and repair (seed items 13, 17) -- */

typedef struct credcheck_commitment {
    size_t size;             /* set by CREDCHECK_COMMITMENT_INIT */
    const char* subject;     /* any identifier of the committing subject */
    const char* department;  /* the receiving department: the principal's own, or any for the credit office */
    const char* document_no; /* required */
    const char* signed_on;   /* NULL: today */
    const char* content;     /* may be NULL */
} credcheck_commitment;

#define CREDCHECK_COMMITMENT_INIT {sizeof(credcheck_commitment), NULL, NULL, NULL, NULL, NULL}

/* Records a subject's credit commitment (信用承诺); *out_record_id is its record. */
CREDCHECK_API int credcheck_commitment_record(long long* out_record_id, credcheck_db* db, const credcheck_commitment* commitment);

typedef struct credcheck_repair_request {
    size_t size;                      /* set by CREDCHECK_REPAIR_REQUEST_INIT */
    int target;                       /* credcheck_target: a penalty record or a list entry */
    long long target_id;
    const char* repaired_on;          /* NULL: today */
    const char* decided_by;           /* required */
    const char* obligations_evidence; /* how the obligations were fulfilled; NULL: not shown */
    long long commitment_record_id;   /* 0: the subject's latest commitment after the decision */
} credcheck_repair_request;

#define CREDCHECK_REPAIR_REQUEST_INIT {sizeof(credcheck_repair_request), 0, 0, NULL, NULL, NULL, 0}

/* The unmet repair conditions as a JSON array of strings ([] when the repair can be granted). */
CREDCHECK_API int credcheck_repair_blockers_json(char** out_json, credcheck_db* db, const credcheck_repair_request* request);

/* Repairs the target. CREDCHECK_CONFLICT, with every unmet condition in the message, when it cannot. */
CREDCHECK_API int credcheck_repair_grant(long long* out_repair_id, credcheck_db* db, const credcheck_repair_request* request);

/* -- Publication (双公示) and the public lists -- */

typedef struct credcheck_publication_query {
    size_t size;            /* set by CREDCHECK_PUBLICATION_QUERY_INIT */
    const char* as_of;      /* NULL: today */
    const char* department; /* NULL: every department the principal may see */
    int overdue_only;       /* 1: overdue ones only */
} credcheck_publication_query;

#define CREDCHECK_PUBLICATION_QUERY_INIT {sizeof(credcheck_publication_query), NULL, NULL, 0}

/* Licences and penalties with their publication state; `query` may be NULL. */
CREDCHECK_API int credcheck_publication_status_json(char** out_json, credcheck_db* db, const credcheck_publication_query* query);

/* Records that `department` published its licence or penalty `document_no` on `published_on` (NULL: today). */
CREDCHECK_API int credcheck_publication_mark(credcheck_db* db, const char* department, const char* document_no, const char* published_on);

/* Writes to `path` the day's batch of CREDCHECK_IMPORT_KIND_LICENSES or _PENALTIES in the 双公示 format
 * (credcheck_file_format), ID numbers masked. *out_rows (may be NULL) receives the row count. */
CREDCHECK_API int credcheck_publication_batch(long long* out_rows, credcheck_db* db, int kind, const char* on, int format, const char* path);

typedef enum credcheck_colour {
    CREDCHECK_COLOUR_BLACK = 1,
    CREDCHECK_COLOUR_RED = 2
} credcheck_colour;

/* Writes to `path` the red or black list entries in force on `as_of` for the credit website. */
CREDCHECK_API int credcheck_publication_export_list(long long* out_rows, credcheck_db* db, int colour, const char* as_of, int format,
                                                    const char* path);

/* -- Reports -- */

/* The periodic report per department for [from, to] (of `department` if not NULL). */
CREDCHECK_API int credcheck_report_json(char** out_json, credcheck_db* db, const char* from, const char* to, const char* department);

/* ---- The audit trail (seed item 18) ------------------------------------------------------------
 * Every write and every check is an entry carrying the hash of the previous one (SM3 by default). */

/* Recomputes the chain and checks the data against it: {"intact", "entries", "first_broken",
 * "problem", "algorithm", "head", "rows_checked", "images", "data_problems", "data_problems_total"}. */
CREDCHECK_API int credcheck_audit_verify_json(char** out_json, credcheck_db* db);

typedef struct credcheck_audit_query {
    size_t size;             /* set by CREDCHECK_AUDIT_QUERY_INIT */
    const char* subject;     /* a subject's code */
    const char* department;  /* the acting department */
    const char* decision_id; /* a check's receipt id */
    const char* from;        /* UTC dates, inclusive */
    const char* to;
    size_t limit;            /* at most this many entries, the oldest first; 0: 1000 */
} credcheck_audit_query;

#define CREDCHECK_AUDIT_QUERY_INIT {sizeof(credcheck_audit_query), NULL, NULL, NULL, NULL, NULL, 0}

/* Entries, oldest first, filtered by every non-NULL field of `query` (which may be NULL, or limit 0: 1000 entries):
 * [{"seq", "at", "department", "role", "officer", "action", "subject", "target", "details", "hash"}].
 * A department reads its own entries; subject codes are masked unless the principal is the office. */
CREDCHECK_API int credcheck_audit_entries_json(char** out_json, credcheck_db* db, const credcheck_audit_query* query);

/* ---- Department replicas -----------------------------------------------------------------------
 * The credit office publishes a signed change feed (`credcheck feed publish`); a department keeps a
 * replica of what checks need next to its approval system and applies each file as it comes — from
 * its own thread or timer. Every file is verified (SM2 signature under the trusted office key, the
 * chain of manifests, the sequence: no gap, replay or older file, no other feed; the newest file not
 * past its expiry; after applying, the digest of the whole replicated content equals the signed one)
 * and applied in one transaction, or refused with CREDCHECK_FEED_REFUSED naming the file and the
 * reason, changing nothing. The replica's office data is read-only: only applying the feed writes it. */

/* Creates the replica database `replica_path` (CREDCHECK_CONFLICT when the file exists) from the
 * office's snapshot (`credcheck feed snapshot`) verified under the office's public key (PEM). On any
 * failure no file is left behind. */
CREDCHECK_API int credcheck_replica_init(const char* replica_path, const char* snapshot_path, const char* trusted_key_path);

typedef struct credcheck_replica_status {
    size_t size;              /* set by CREDCHECK_REPLICA_STATUS_INIT */
    long long sequence;       /* the last feed file applied */
    long long data_version;   /* the office's data version it holds */
    const char* data_as_of;   /* when the office published it (UTC, ISO 8601) */
    const char* expires_at;   /* after this, decisions on the replica are stale */
    int expired;              /* 1 when past expires_at now */
    long long lag_seconds;    /* now - data_as_of */
    const char* feed_id;
    const char* publisher;    /* SM3 fingerprint of the trusted office key */
    const char* content_sm3;  /* the digest of the replicated content, as the last manifest signed it */
    long long files_applied;
} credcheck_replica_status;

#define CREDCHECK_REPLICA_STATUS_INIT {sizeof(credcheck_replica_status), 0, 0, NULL, NULL, 0, 0, NULL, NULL, NULL, 0}
/* The strings of a credcheck_replica_status belong to the calling thread: valid until its next
 * credcheck_replica_status or credcheck_replica_apply. */

/* Applies the feed file at `path`, or every newer *.ccfeed file of the directory `path` in sequence
 * order, in one transaction. A file named directly that is not newer than the replica is refused (a
 * replay, or an older file after a newer one); in a directory such files are skipped. *out_applied
 * (may be NULL) receives the number of files applied; `status` (may be NULL) where the replica stands
 * after. CREDCHECK_FEED_REFUSED: nothing was applied, and credcheck_last_error() names the file and why.
 * CREDCHECK_CONFLICT: the database is not a replica. */
CREDCHECK_API int credcheck_replica_apply(long long* out_applied, credcheck_replica_status* status, credcheck_db* db, const char* path);

/* Where the replica stands. CREDCHECK_CONFLICT for a database that is not a replica. */
CREDCHECK_API int credcheck_replica_get_status(credcheck_replica_status* out, credcheck_db* db);

/* The replica's return to the credit office (`credcheck outbox import` there): the checks made on it
 * since the last return (with their receipts), its feedback on decisions and the objections received at
 * its window, signed with the department's SM2 private key (PEM) at `key_path` and written to `path`
 * (CREDCHECK_CONFLICT when it exists: a return is never replaced). The handle's principal is the
 * department that returns them (credcheck_db_as); the office verifies the signature against the key it
 * registered for that department. From the host's own thread or timer, like credcheck_replica_apply.
 * *out_sequence (may be NULL) receives the return's number, *out_items (may be NULL) how many checks,
 * feedback and objections it carries. CREDCHECK_PERMISSION_DENIED for a principal that is no
 * department; CREDCHECK_CONFLICT on a database that is not a replica. */
CREDCHECK_API int credcheck_outbox_export(long long* out_sequence, long long* out_items, credcheck_db* db, const char* key_path,
                                          const char* path);

#ifdef __cplusplus
}
#endif

#endif /* CREDCHECK_H */
