/*
 * credcheck.h — the stable C ABI of credcheck, the embedded mandatory credit check (应查必查).
 *
 * Conventions (read once, they hold for every function):
 *   - Every function returns a credcheck_status (0 = CREDCHECK_OK) unless it says otherwise. The
 *     numbers are pinned and never change meaning; new ones are only appended. A black-list hit is
 *     data in a decision, never an error status.
 *   - Out-parameters come first. Structs passed in start with a `size` field: initialise them with
 *     their *_INIT macro so a newer library knows which fields an older caller has.
 *   - Memory the library hands out is freed by the library (credcheck_free or the object's own
 *     free function), never by the caller's free().
 *   - credcheck_last_error() returns, for the calling thread, the message of the last failed call,
 *     saying what was wrong and where.
 *   - No C++ exception ever crosses this boundary.
 *
 * Caveats
 *   - Threads: every function here may be called from any thread. One credcheck_db serves concurrent
 *     checks from many threads (reads use a pool of SQLite connections; writes are serialised). A
 *     credcheck_decision belongs to whoever received it: share it only with your own locking. For
 *     checks on several threads, call credcheck_configure_for_threads() once at start-up.
 *   - fork(): close every credcheck_db before forking, or use them only in the parent; SQLite
 *     connections must not cross fork().
 *   - The same file opened twice, in one process or several, is safe: SQLite's WAL mode and the
 *     busy timeout arbitrate, and each check reads one committed state.
 *   - Long transactions: an import holds the write lock until it commits; checks go on meanwhile
 *     and see the data as it was before the import.
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

#define CREDCHECK_VERSION_MAJOR 0
#define CREDCHECK_VERSION_MINOR 1
#define CREDCHECK_VERSION_PATCH 0
#define CREDCHECK_VERSION_STRING "0.1.0"
#define CREDCHECK_VERSION_NUMBER (CREDCHECK_VERSION_MAJOR * 1000000 + CREDCHECK_VERSION_MINOR * 1000 + CREDCHECK_VERSION_PATCH)
/* Bumped only when a binary-incompatible change is made (it has not been): the SONAME's number. */
#define CREDCHECK_ABI_VERSION 0

/* The version of the library actually loaded: compare with the macros above. Never fails. */
CREDCHECK_API const char* credcheck_libversion(void);
CREDCHECK_API int credcheck_libversion_number(void);
CREDCHECK_API int credcheck_abi_version(void);

/* ---- Status codes (pinned) ----------------------------------------------------------------- */

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
    CREDCHECK_MISUSE = 15               /* NULL where not allowed, closed handle, wrong order */
} credcheck_status;

/* A static English name for a status ("invalid_identifier"); "unknown" for other numbers. */
CREDCHECK_API const char* credcheck_status_name(int status);

/* The message of the calling thread's last failed call, or "" if none failed yet. The pointer is
 * valid until the next credcheck call on this thread. */
CREDCHECK_API const char* credcheck_last_error(void);

/* Frees memory the library returned (strings from *_json functions). NULL is ignored. */
CREDCHECK_API void credcheck_free(void* p);

/* ---- Identifiers --------------------------------------------------------------------------- */

typedef enum credcheck_id_kind {
    CREDCHECK_ID_NONE = 0,
    CREDCHECK_ID_USCC = 1,             /* unified social credit code, GB 32100 */
    CREDCHECK_ID_ORG_CODE = 2,         /* organisation code, GB 11714 */
    CREDCHECK_ID_REGISTRATION_NO = 3,  /* 15-digit business registration number */
    CREDCHECK_ID_CITIZEN_ID = 4        /* citizen ID number, GB 11643 */
} credcheck_id_kind;

/* Flags for credcheck_identify. */
#define CREDCHECK_IDENTIFY_STRICT 0x1u       /* USCC: authority/category pair and embedded org code too */
#define CREDCHECK_IDENTIFY_NO_NORMALIZE 0x2u /* take the text as is: no trimming, case folding, … */
#define CREDCHECK_IDENTIFY_UNMASKED 0x4u     /* show a citizen ID number in full in `normalized` */

typedef struct credcheck_identity {
    size_t size;               /* sizeof(credcheck_identity), set by CREDCHECK_IDENTITY_INIT */
    int kind;                  /* credcheck_id_kind; CREDCHECK_ID_NONE when invalid */
    int closest_kind;          /* when invalid: the kind the text most resembles, or NONE */
    char normalized[32];       /* canonical text, NUL-terminated; masked citizen ID unless UNMASKED */
    size_t error_position;     /* 1-based character position of the problem; 0 = whole text */
    char error[512];           /* NUL-terminated UTF-8 diagnostic; "" when valid */
} credcheck_identity;

#define CREDCHECK_IDENTITY_INIT {sizeof(credcheck_identity), 0, 0, {0}, 0, {0}}

/* Says which kind of identifier `text` (UTF-8, NUL-terminated) is, or why it is none. Returns
 * CREDCHECK_OK when it is a valid identifier, CREDCHECK_INVALID_IDENTIFIER when not (out->error
 * says why, and so does credcheck_last_error()), CREDCHECK_MISUSE for NULL arguments or a size
 * field this library does not know. Birth dates are checked against today. Thread-safe. */
CREDCHECK_API int credcheck_identify(credcheck_identity* out, const char* text, unsigned flags);

/* ---- Databases -------------------------------------------------------------------------------- */

typedef struct credcheck_db credcheck_db;

#define CREDCHECK_OPEN_READONLY 0x1u /* never write; imports fail with CREDCHECK_PERMISSION_DENIED */
#define CREDCHECK_OPEN_CREATE 0x2u   /* create a new database with the default catalog; fails if it exists */
#define CREDCHECK_OPEN_REQUIRE_LOG 0x4u /* a check that cannot be recorded in the check log fails instead of answering */

/* Opens (or with CREDCHECK_OPEN_CREATE creates) the database at `path` (UTF-8). On success *out is
 * a handle to close with credcheck_db_close; on failure *out is NULL and credcheck_last_error() says
 * why: CREDCHECK_NOT_FOUND (no such file), CREDCHECK_SCHEMA_TOO_NEW, CREDCHECK_CONFLICT (CREATE over an
 * existing file), CREDCHECK_DATABASE_ERROR (not a credcheck database), CREDCHECK_IO_ERROR. */
CREDCHECK_API int credcheck_db_open(credcheck_db** out, const char* path, unsigned flags);

/* Who acts through a handle (seed item 18): every write and check is authorised for it and recorded
 * with it in the audit trail. role: "credit_office" (everything), "initiating" (writes the records and
 * entries it finds, resolves objections to them), "implementing" (checks, its inbox, feedback),
 * "public" (the published red and black lists only). A handle opened with credcheck_db_open acts as the
 * credit office. Refusals are CREDCHECK_PERMISSION_DENIED and change nothing. */
typedef struct credcheck_principal {
    size_t size;            /* sizeof(credcheck_principal), set by CREDCHECK_PRINCIPAL_INIT */
    const char* department; /* as the database knows it (name or code); NULL for the credit office or public */
    const char* role;
    const char* officer;    /* the person, for the audit trail; may be NULL */
} credcheck_principal;

#define CREDCHECK_PRINCIPAL_INIT {sizeof(credcheck_principal), NULL, NULL, NULL}

/* credcheck_db_open acting as `principal`. */
CREDCHECK_API int credcheck_db_open_as(credcheck_db** out, const char* path, unsigned flags, const credcheck_principal* principal);

/* A second handle on the same open database acting as `principal` (an application serving several
 * departments opens the file once and derives a handle per department). Close it with credcheck_db_close,
 * before or after `db`. */
CREDCHECK_API int credcheck_db_as(credcheck_db** out, credcheck_db* db, const credcheck_principal* principal);

/* Closes the handle; NULL is ignored. No other call on it may be running or follow. */
CREDCHECK_API void credcheck_db_close(credcheck_db* db);

/* The message of the last failed call on this handle (from any thread), or "" if none failed. The
 * pointer is valid until the next failing call on the handle. NULL gives a static message. */
CREDCHECK_API const char* credcheck_errmsg(credcheck_db* db);

/* Turns off SQLite's process-wide memory statistics, whose global mutex serialises checks on several
 * threads. Affects every SQLite user of the process; call it before any SQLite use. Returns
 * CREDCHECK_OK, or CREDCHECK_MISUSE when SQLite is already in use (nothing changed). */
CREDCHECK_API int credcheck_configure_for_threads(void);

/* ---- Import -------------------------------------------------------------------------------------- */

#define CREDCHECK_IMPORT_PARTIAL 0x1u /* commit the good rows even when some are bad */
#define CREDCHECK_IMPORT_GB18030 0x2u /* the file is GB18030 (or GBK), not UTF-8 */

typedef struct credcheck_import_report {
    size_t size; /* sizeof(credcheck_import_report), set by CREDCHECK_IMPORT_REPORT_INIT */
    unsigned long long rows, inserted, updated, unchanged, rejected, subjects_created;
    int committed; /* 1 when the rows were written */
} credcheck_import_report;

#define CREDCHECK_IMPORT_REPORT_INIT {sizeof(credcheck_import_report), 0, 0, 0, 0, 0, 0, 0}

/* Imports a department file: `kind` is "subjects", "relations", "lists", "licenses" or "penalties";
 * CSV or JSON Lines by the file's extension. All or nothing unless CREDCHECK_IMPORT_PARTIAL: a bad row
 * makes it return CREDCHECK_IMPORT_REJECTED with nothing written, credcheck_errmsg(db) naming the first
 * bad row and column. `report` may be NULL. */
CREDCHECK_API int credcheck_import(credcheck_db* db, const char* kind, const char* path, unsigned flags, credcheck_import_report* report);

/* ---- Objections (seed item 19) ------------------------------------------------------------------- */

/* Files an objection against a list entry (`target` "entry") or a record ("record"): from `filed_on`
 * ("YYYY-MM-DD") the measures it triggers are reported as suspended (核实期间暂不执行). *out_id receives
 * the objection's id. CREDCHECK_NOT_FOUND for a missing target, CREDCHECK_CONFLICT when one is pending. */
CREDCHECK_API int credcheck_objection_file(credcheck_db* db, long long* out_id, const char* target, long long target_id,
                                           const char* filed_on, const char* filed_by, const char* reason);

/* Resolves a pending objection: `outcome` "upheld" (measures resume), "corrected" or "revoked" (the
 * target is removed and its measures lifted), on `resolved_on`, by whom and why.
 * CREDCHECK_CONFLICT when it is already resolved. */
CREDCHECK_API int credcheck_objection_resolve(credcheck_db* db, long long id, const char* outcome, const char* resolved_on,
                                              const char* resolved_by, const char* resolution);

/* ---- The must-check --------------------------------------------------------------------------- */

typedef enum credcheck_verdict {
    CREDCHECK_VERDICT_DENY = 0,     /* a prohibiting measure applies */
    CREDCHECK_VERDICT_RESTRICT = 1, /* allow with limits */
    CREDCHECK_VERDICT_REVIEW = 2,   /* look closer: scrutiny, a suspended measure, a revoked registration */
    CREDCHECK_VERDICT_ALLOW = 3,
    CREDCHECK_VERDICT_FAVOR = 4     /* incentives apply: green channel, 容缺受理, priority */
} credcheck_verdict;

typedef struct credcheck_check_request {
    size_t size;            /* sizeof(credcheck_check_request), set by CREDCHECK_CHECK_REQUEST_INIT */
    const char* subject;    /* any identifier, UTF-8 */
    const char* scenario;   /* a catalog scenario code: "gov_procurement", "admin_license", … */
    const char* as_of;      /* "YYYY-MM-DD", or NULL for today (China Standard Time) */
    const char* department; /* NULL (or the principal's own department): who checks is the handle's principal; another department is refused with CREDCHECK_PERMISSION_DENIED */
    const char* purpose;    /* why: case reference; may be NULL */
} credcheck_check_request;

#define CREDCHECK_CHECK_REQUEST_INIT {sizeof(credcheck_check_request), NULL, NULL, NULL, NULL, NULL}

typedef struct credcheck_decision credcheck_decision;

/* Checks one subject. On success *out is a decision to free with credcheck_decision_free. A black-list
 * hit is a decision (CREDCHECK_OK with verdict DENY), never an error. Errors: CREDCHECK_INVALID_IDENTIFIER
 * (the subject is no valid code), CREDCHECK_INVALID_ARGUMENT (unknown scenario, bad date), CREDCHECK_MISUSE
 * (NULL arguments, request not initialised). */
CREDCHECK_API int credcheck_check(credcheck_db* db, const credcheck_check_request* request, credcheck_decision** out);

/* Checks `count` subjects against one data state with the scenario, date, department and purpose of
 * `common` (its `subject` is ignored): e.g. all bidders of a tender (批量比对). On success out[i] holds
 * the decision for subjects[i]; free each. On failure every out[i] is NULL and the error names the
 * position of the bad subject. */
CREDCHECK_API int credcheck_check_batch(credcheck_db* db, const credcheck_check_request* common, const char* const* subjects,
                                        size_t count, credcheck_decision** out);

/* Frees a decision; NULL is ignored. */
CREDCHECK_API void credcheck_decision_free(credcheck_decision* decision);

/* Accessors. Strings are UTF-8, owned by the decision and valid until it is freed; a citizen ID
 * number is masked (420704********1237). They return NULL / -1 / 0 for a NULL decision. */
CREDCHECK_API int credcheck_decision_verdict(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_verdict_name(int verdict); /* "deny", … */
CREDCHECK_API int credcheck_decision_subject_found(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_subject_code(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_subject_name(const credcheck_decision* decision); /* "" when not found */
/* "legal_person", "other_organization", "individual_business", "natural_person"; "" when not found. */
CREDCHECK_API const char* credcheck_decision_subject_kind(const credcheck_decision* decision);
/* "active", "deregistered", "revoked"; "" when not found. */
CREDCHECK_API const char* credcheck_decision_subject_status(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_scenario(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_as_of(const credcheck_decision* decision);

#define CREDCHECK_MEASURES_APPLIED 0
#define CREDCHECK_MEASURES_SUSPENDED 1 /* suspended while an objection is verified */

typedef struct credcheck_measure {
    size_t size;               /* sizeof(credcheck_measure), set by CREDCHECK_MEASURE_INIT */
    const char* code;          /* "P.procurement_ban" */
    const char* name;
    const char* effect;        /* "prohibit" | "restrict" | "scrutinize" | "incentive" */
    const char* via;           /* "self" | "organization" | "legal_representative" | "principal" */
    const char* role;          /* with via organization: "legal_representative" | "principal" | "responsible_person"; else "" */
    const char* legal_basis;   /* the measure's legal basis */
    const char* reason;        /* one readable line: why this measure reaches this subject */
    const char* list;          /* the source entry's list code, "" for a rule-based incentive */
    long long entry_id;        /* the source entry, 0 for a rule-based incentive */
    const char* listed_code;   /* the listed party's code (masked for a person), "" without source */
    const char* listed_name;
    const char* department;    /* the finding department */
    const char* document_no;
    const char* entered_on;    /* "YYYY-MM-DD", "" without source */
    const char* expires_on;    /* "YYYY-MM-DD", "" when open-ended or without source */
    long long objection_id;    /* for a suspended measure: the pending objection, else 0 */
    const char* entry_legal_basis; /* the source entry's own legal basis, "" without source */
} credcheck_measure;

#define CREDCHECK_MEASURE_INIT {sizeof(credcheck_measure), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL}

/* How many measures are applied (CREDCHECK_MEASURES_APPLIED) or suspended. */
CREDCHECK_API size_t credcheck_decision_measure_count(const credcheck_decision* decision, int which);
/* Fills *out with measure `index` of the list `which`. CREDCHECK_NOT_FOUND past the end. */
CREDCHECK_API int credcheck_decision_measure(const credcheck_decision* decision, int which, size_t index, credcheck_measure* out);

/* Green-channel eligibility (1 or 0) and its reason. */
CREDCHECK_API int credcheck_decision_green_channel(const credcheck_decision* decision, const char** reason);

typedef struct credcheck_receipt {
    size_t size;                 /* sizeof(credcheck_receipt), set by CREDCHECK_RECEIPT_INIT */
    const char* id;              /* unique decision id */
    long long data_version;      /* the data the decision was made on */
    const char* catalog_version;
    const char* catalog_sha256;
    const char* library_version;
    const char* checked_at;      /* UTC, ISO 8601 */
    const char* as_of;           /* the check date, "YYYY-MM-DD" */
    const char* department;      /* who checked: the principal's department ("" for the credit office) */
    const char* purpose;         /* why, as the request said */
    const char* data_as_of;      /* UTC, ISO 8601: when the data last changed; "" when the database never recorded it */
} credcheck_receipt;

#define CREDCHECK_RECEIPT_INIT {sizeof(credcheck_receipt), NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

CREDCHECK_API int credcheck_decision_receipt(const credcheck_decision* decision, credcheck_receipt* out);

/* Grounds the decision could not vouch for ("no list data loaded: …"): each makes the verdict at
 * least review and withholds every incentive. The count, and caveat `index` (NULL past the end). */
CREDCHECK_API size_t credcheck_decision_caveat_count(const credcheck_decision* decision);
CREDCHECK_API const char* credcheck_decision_caveat(const credcheck_decision* decision, size_t index);

/* 1 when the decision is recorded in the check log (written, or queued to a log writer that works),
 * 0 when not: then *log_error (if not NULL) says why — a read-only handle, or the log writer failing
 * (the decision stays queued and is retried). A handle opened with CREDCHECK_OPEN_REQUIRE_LOG never
 * returns an unlogged decision: the check fails with the log's error instead. */
CREDCHECK_API int credcheck_decision_logged(const credcheck_decision* decision, const char** log_error);

#define CREDCHECK_JSON_UNMASKED 0x1u /* citizen ID numbers in full */

/* The decision as JSON (the shape `credcheck check --json` prints), in *out_json: free it with
 * credcheck_free. CREDCHECK_JSON_UNMASKED needs a credit-office handle (CREDCHECK_PERMISSION_DENIED
 * otherwise). */
CREDCHECK_API int credcheck_decision_json(const credcheck_decision* decision, unsigned flags, char** out_json);

/* ---- Workflows (seed items 4, 13, 16, 17, 19): calendar, dispatch and feedback, objections, repair,
 * publication, reports ------------------------------------------------------------------------------
 * Dates are "YYYY-MM-DD"; where a date may be NULL it means today (China Standard Time). Functions
 * named *_json hand out a JSON document in *out_json (free it with credcheck_free); its shape is the
 * one `credcheck … --format json` prints, documented in the README. ID numbers in it are masked. */

#define CREDCHECK_DATE_SIZE 11 /* "YYYY-MM-DD" and its NUL */

/* Loads a working-day calendar file (the TSV format of data/cn_holidays.tsv): it replaces the days of
 * every year the file lists. CREDCHECK_INVALID_ARGUMENT names the bad line. */
CREDCHECK_API int credcheck_calendar_load(credcheck_db* db, const char* tsv_path);

/* *out_working = 1 for a working day, 0 for a day off. CREDCHECK_CALENDAR_NOT_COVERED for a date
 * outside the loaded years (never guessed). */
CREDCHECK_API int credcheck_is_working_day(credcheck_db* db, int* out_working, const char* date);

/* The nth working day after `from` (which does not count), into out_date. */
CREDCHECK_API int credcheck_add_working_days(credcheck_db* db, char out_date[CREDCHECK_DATE_SIZE], const char* from, int n);

/* Working days in (from, to]; negative when to is before from. */
CREDCHECK_API int credcheck_working_days_between(credcheck_db* db, int* out_days, const char* from, const char* to);

/* Routes `measure` to the `count` departments named (name or code; unknown ones are created), replacing
 * its routes, and notifies them of the entries already in force on `as_of`. */
CREDCHECK_API int credcheck_routes_set(credcheck_db* db, const char* measure, const char* const* departments, size_t count,
                                       const char* as_of, const char* actor);

/* Creates the notices due on `as_of`: apply for new entries, lift for ended or expired ones. Either
 * count pointer may be NULL. */
CREDCHECK_API int credcheck_dispatch(credcheck_db* db, long long* out_apply, long long* out_lift, const char* as_of);

/* The department's notices (pending only unless include_answered), last sent first. */
CREDCHECK_API int credcheck_inbox_json(credcheck_db* db, char** out_json, const char* department, int include_answered);

/* Where an initiating department's entries stand: notices sent, answered, applied, lifted. */
CREDCHECK_API int credcheck_dispatch_status_json(credcheck_db* db, char** out_json, const char* department);

typedef struct credcheck_feedback {
    size_t size;             /* sizeof(credcheck_feedback), set by CREDCHECK_FEEDBACK_INIT */
    long long notice_id;     /* the notice answered, or 0 with decision_id */
    const char* decision_id; /* a check decision's receipt id, or NULL */
    const char* measure;     /* the measure concerned; NULL for a notice's own */
    const char* department;  /* who answers */
    const char* outcome;     /* "applied", "not_applied" (reason required) or "not_applicable" */
    const char* reason;
    const char* officer;     /* required */
    const char* decided_on;  /* NULL: today */
    const char* case_ref;    /* required: the department's case or file number */
} credcheck_feedback;

#define CREDCHECK_FEEDBACK_INIT {sizeof(credcheck_feedback), 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/* Records feedback on a notice or a decision. CREDCHECK_PERMISSION_DENIED when the notice went to
 * another department, CREDCHECK_CONFLICT when it was already answered. */
CREDCHECK_API int credcheck_feedback_record(credcheck_db* db, long long* out_id, const credcheck_feedback* feedback);

/* Resolves a pending objection as corrected, amending the target: columns[i] takes values[i]
 * (see the README for the columns an objection may correct). */
CREDCHECK_API int credcheck_objection_correct(credcheck_db* db, long long id, const char* resolved_on, const char* resolved_by,
                                              const char* resolution, const char* const* columns, const char* const* values, size_t count);

/* Objections, oldest first: pending only if pending_only; only those overdue on `overdue_on` if it is
 * not NULL; only those to `department`'s records and entries if it is not NULL. */
CREDCHECK_API int credcheck_objections_json(credcheck_db* db, char** out_json, int pending_only, const char* overdue_on,
                                            const char* department);

/* Sets the working days a source department has to verify an objection (1–60; default 5). */
CREDCHECK_API int credcheck_objection_set_days(credcheck_db* db, int days);

/* Records a subject's credit commitment (信用承诺) received by `department`; *out_record_id is its record. */
CREDCHECK_API int credcheck_commitment_record(credcheck_db* db, long long* out_record_id, const char* subject, const char* department,
                                              const char* document_no, const char* signed_on, const char* content, const char* actor);

typedef struct credcheck_repair_request {
    size_t size;                      /* sizeof(credcheck_repair_request), set by CREDCHECK_REPAIR_REQUEST_INIT */
    const char* target;               /* "record" (a penalty) or "entry" */
    long long target_id;
    const char* repaired_on;          /* NULL: today */
    const char* decided_by;           /* required */
    const char* obligations_evidence; /* how the obligations were fulfilled; NULL or "": not shown */
    long long commitment_record_id;   /* 0: the subject's latest commitment after the decision */
} credcheck_repair_request;

#define CREDCHECK_REPAIR_REQUEST_INIT {sizeof(credcheck_repair_request), NULL, 0, NULL, NULL, NULL, 0}

/* The unmet repair conditions as a JSON array of strings ([] when the repair can be granted). */
CREDCHECK_API int credcheck_repair_blockers_json(credcheck_db* db, char** out_json, const credcheck_repair_request* request);

/* Repairs the target. CREDCHECK_CONFLICT, with every unmet condition in the message, when it cannot. */
CREDCHECK_API int credcheck_repair(credcheck_db* db, long long* out_repair_id, const credcheck_repair_request* request);

/* Licences and penalties with their publication state on `as_of` (overdue ones only if overdue_only),
 * of `department` if not NULL. */
CREDCHECK_API int credcheck_publication_json(credcheck_db* db, char** out_json, const char* as_of, const char* department, int overdue_only);

/* Records that `department` published its licence or penalty `document_no` on `published_on`. */
CREDCHECK_API int credcheck_mark_published(credcheck_db* db, const char* department, const char* document_no, const char* published_on,
                                           const char* actor);

/* Writes to `path` the day's publication batch of `kind` ("licenses" or "penalties") in the 双公示
 * format ("csv" or "jsonl"), ID numbers masked. *out_rows (may be NULL) receives the row count. */
CREDCHECK_API int credcheck_publication_batch(credcheck_db* db, long long* out_rows, const char* kind, const char* on, const char* format,
                                              const char* path);

/* Writes to `path` the "red" or "black" list entries in force on `as_of` for the credit website. */
CREDCHECK_API int credcheck_public_list_export(credcheck_db* db, long long* out_rows, const char* colour, const char* as_of,
                                               const char* format, const char* path);

/* The periodic report per department for [from, to] (of `department` if not NULL). */
CREDCHECK_API int credcheck_report_json(credcheck_db* db, char** out_json, const char* from, const char* to, const char* department);

/* ---- The audit trail (seed item 18) ------------------------------------------------------------
 * Every write and every check is an entry carrying the hash of the previous one (SM3 by default). */

/* Recomputes the chain: {"intact", "entries", "first_broken", "problem", "algorithm", "head"}. */
CREDCHECK_API int credcheck_audit_verify_json(credcheck_db* db, char** out_json);

/* Entries, oldest first, filtered by any non-NULL argument (subject code, acting department, a check's
 * decision id, UTC dates from/to): [{"seq", "at", "department", "role", "officer", "action", "subject",
 * "target", "details", "hash"}]. A department reads its own entries; subject codes are masked unless
 * the principal is the credit office. */
CREDCHECK_API int credcheck_audit_json(credcheck_db* db, char** out_json, const char* subject, const char* department,
                                       const char* decision_id, const char* from, const char* to);

#ifdef __cplusplus
}
#endif

#endif /* CREDCHECK_H */
