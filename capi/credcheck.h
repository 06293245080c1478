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
 *   - Threads: every function here is safe to call from any thread.
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

#ifdef __cplusplus
}
#endif

#endif /* CREDCHECK_H */
