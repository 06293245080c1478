"""Loading libcredcheck and declaring its C functions: the one place ctypes is spoken."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path

from .errors import LibraryNotFoundError, VersionMismatchError

#: The C ABI version this package was written against (CREDCHECK_ABI_VERSION in credcheck.h).
ABI_VERSION = 1

_LIBRARY_NAMES = ("libcredcheck.so.1", "libcredcheck.so")

# The header's numbers, under the header's names. tests/test_header_consistency.py parses credcheck.h
# and fails when any of these, a struct layout or a prototype below differs from it.
CREDCHECK_OK = 0
CREDCHECK_INVALID_ARGUMENT = 1
CREDCHECK_INVALID_IDENTIFIER = 2
CREDCHECK_NOT_FOUND = 3
CREDCHECK_IO_ERROR = 4
CREDCHECK_DATABASE_ERROR = 5
CREDCHECK_SCHEMA_TOO_NEW = 6
CREDCHECK_IMPORT_REJECTED = 7
CREDCHECK_CATALOG_INVALID = 8
CREDCHECK_PERMISSION_DENIED = 9
CREDCHECK_CONFLICT = 10
CREDCHECK_CALENDAR_NOT_COVERED = 11
CREDCHECK_BUSY = 12
CREDCHECK_OUT_OF_MEMORY = 13
CREDCHECK_INTERNAL = 14
CREDCHECK_MISUSE = 15
CREDCHECK_STRUCT_TOO_NEW = 16
CREDCHECK_FEED_REFUSED = 17

CREDCHECK_ID_NONE = 0
CREDCHECK_ID_USCC = 1
CREDCHECK_ID_ORG_CODE = 2
CREDCHECK_ID_REGISTRATION_NO = 3
CREDCHECK_ID_CITIZEN_ID = 4
CREDCHECK_ID_TAX_REGISTRATION_NO = 5
CREDCHECK_ID_TAXPAYER_NO = 6
CREDCHECK_ID_REGISTRATION_NO_13 = 7
CREDCHECK_ID_FOREIGN_REGISTRATION_NO = 8
CREDCHECK_NORMALIZED_SPACES = 0x1
CREDCHECK_NORMALIZED_HYPHENS = 0x2
CREDCHECK_NORMALIZED_FULL_WIDTH = 0x4
CREDCHECK_NORMALIZED_LOWER_CASE = 0x8
CREDCHECK_NORMALIZED_APOSTROPHE = 0x10
CREDCHECK_NORMALIZED_QUOTES = 0x20
CREDCHECK_IDENTIFY_NO_NORMALIZE = 0x2
CREDCHECK_IDENTIFY_UNMASKED = 0x4
CREDCHECK_IDENTIFY_LENIENT = 0x8

CREDCHECK_ROLE_NONE = 0
CREDCHECK_ROLE_CREDIT_OFFICE = 1
CREDCHECK_ROLE_INITIATING = 2
CREDCHECK_ROLE_IMPLEMENTING = 3
CREDCHECK_ROLE_PUBLIC = 4

CREDCHECK_OPEN_READONLY = 0x1
CREDCHECK_OPEN_CREATE = 0x2
CREDCHECK_OPEN_REQUIRE_LOG = 0x4

CREDCHECK_IMPORT_KIND_SUBJECTS = 1
CREDCHECK_IMPORT_KIND_RELATIONS = 2
CREDCHECK_IMPORT_KIND_LISTS = 3
CREDCHECK_IMPORT_KIND_LICENSES = 4
CREDCHECK_IMPORT_KIND_PENALTIES = 5
CREDCHECK_IMPORT_PARTIAL = 0x1
CREDCHECK_IMPORT_GB18030 = 0x2
CREDCHECK_IMPORT_DRY_RUN = 0x4
CREDCHECK_IMPORT_UTF8 = 0x8

CREDCHECK_MATCH_CODE = 0
CREDCHECK_MATCH_NAME = 1

CREDCHECK_VERDICT_DENY = 0
CREDCHECK_VERDICT_RESTRICT = 1
CREDCHECK_VERDICT_REVIEW = 2
CREDCHECK_VERDICT_ALLOW = 3
CREDCHECK_VERDICT_FAVOR = 4

CREDCHECK_SUBJECT_UNKNOWN = 0
CREDCHECK_SUBJECT_LEGAL_PERSON = 1
CREDCHECK_SUBJECT_OTHER_ORGANIZATION = 2
CREDCHECK_SUBJECT_INDIVIDUAL_BUSINESS = 3
CREDCHECK_SUBJECT_NATURAL_PERSON = 4
CREDCHECK_SUBJECT_STATUS_UNKNOWN = 0
CREDCHECK_SUBJECT_ACTIVE = 1
CREDCHECK_SUBJECT_DEREGISTERED = 2
CREDCHECK_SUBJECT_REVOKED = 3

CREDCHECK_MEASURES_APPLIED = 0
CREDCHECK_MEASURES_SUSPENDED = 1

CREDCHECK_EFFECT_PROHIBIT = 0
CREDCHECK_EFFECT_RESTRICT = 1
CREDCHECK_EFFECT_SCRUTINIZE = 2
CREDCHECK_EFFECT_INCENTIVE = 3
CREDCHECK_VIA_SELF = 0
CREDCHECK_VIA_ORGANIZATION = 1
CREDCHECK_VIA_LEGAL_REPRESENTATIVE = 2
CREDCHECK_VIA_PRINCIPAL = 3
CREDCHECK_PERSON_ROLE_NONE = 0
CREDCHECK_PERSON_ROLE_LEGAL_REPRESENTATIVE = 1
CREDCHECK_PERSON_ROLE_PRINCIPAL = 2
CREDCHECK_PERSON_ROLE_RESPONSIBLE_PERSON = 3
CREDCHECK_BASIS_LAW = 0
CREDCHECK_BASIS_ADMINISTRATIVE_REGULATION = 1
CREDCHECK_BASIS_JUDICIAL_INTERPRETATION = 2
CREDCHECK_BASIS_CENTRAL_POLICY = 3
CREDCHECK_BASIS_DEPARTMENTAL_RULE = 4
CREDCHECK_BASIS_LOCAL_REGULATION = 5
CREDCHECK_BASIS_LOCAL_NORMATIVE = 6
CREDCHECK_BASIS_MEMORANDUM = 7

CREDCHECK_JSON_UNMASKED = 0x1
CREDCHECK_DATE_SIZE = 11

CREDCHECK_TARGET_RECORD = 1
CREDCHECK_TARGET_ENTRY = 2
CREDCHECK_FORMAT_CSV = 1
CREDCHECK_FORMAT_JSONL = 2
CREDCHECK_FEEDBACK_APPLIED = 1
CREDCHECK_FEEDBACK_NOT_APPLIED = 2
CREDCHECK_FEEDBACK_NOT_APPLICABLE = 3
CREDCHECK_OBJECTION_UPHELD = 1
CREDCHECK_OBJECTION_CORRECTED = 2
CREDCHECK_OBJECTION_REVOKED = 3
CREDCHECK_COLOUR_BLACK = 1
CREDCHECK_COLOUR_RED = 2


class _Versioned(ctypes.Structure):
    """A struct that starts with its size: created with the size set, as its *_INIT macro does."""

    def __init__(self, **fields):
        super().__init__(size=ctypes.sizeof(self), **fields)


_text_p = ctypes.c_char_p


class Identity(_Versioned):
    _fields_ = [
        ("size", ctypes.c_size_t),
        ("kind", ctypes.c_int),
        ("closest_kind", ctypes.c_int),
        ("normalized", _text_p),
        ("error_position", ctypes.c_size_t),
        ("error", _text_p),
        ("changes", ctypes.c_uint),
        ("masked", ctypes.c_int),
        ("note", _text_p),
    ]


class Principal(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("role", ctypes.c_int), ("department", _text_p), ("officer", _text_p)]


class OpenOptions(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("flags", ctypes.c_uint), ("principal", ctypes.POINTER(Principal)),
                ("busy_timeout_ms", ctypes.c_int), ("max_data_age_seconds", ctypes.c_longlong)]


class ImportReport(_Versioned):
    _fields_ = [("size", ctypes.c_size_t)] + [
        (name, ctypes.c_ulonglong) for name in ("rows", "inserted", "updated", "unchanged", "rejected", "subjects_created")
    ] + [("committed", ctypes.c_int)]


class ImportOptions(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("kind", ctypes.c_int), ("flags", ctypes.c_uint), ("sheet", _text_p), ("header_row", ctypes.c_size_t),
                ("profile", _text_p), ("constants", ctypes.POINTER(_text_p)), ("constant_count", ctypes.c_size_t), ("rejects", _text_p),
                ("as_of", _text_p)]


class CheckRequest(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("subject", _text_p), ("scenario", _text_p), ("as_of", _text_p), ("purpose", _text_p),
                ("subject_name", _text_p)]


class Measure(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("code", _text_p), ("name", _text_p), ("effect", ctypes.c_int), ("via", ctypes.c_int),
                ("role", ctypes.c_int), ("legal_basis", _text_p), ("reason", _text_p), ("list", _text_p), ("entry_id", ctypes.c_longlong),
                ("listed_code", _text_p), ("listed_name", _text_p), ("department", _text_p), ("document_no", _text_p),
                ("entered_on", _text_p), ("expires_on", _text_p), ("objection_id", ctypes.c_longlong), ("entry_legal_basis", _text_p),
                ("basis_count", ctypes.c_size_t)]


class Basis(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("id", _text_p), ("citation", _text_p), ("level", ctypes.c_int), ("verified", ctypes.c_int)]


class Receipt(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("id", _text_p), ("data_version", ctypes.c_longlong)] + [
        (name, _text_p) for name in ("catalog_version", "catalog_sha256", "library_version", "checked_at", "as_of", "department", "purpose",
                                     "data_as_of", "data_expires_at")
    ]


class Feedback(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("notice_id", ctypes.c_longlong), ("decision_id", _text_p), ("measure", _text_p),
                ("department", _text_p), ("outcome", ctypes.c_int), ("reason", _text_p), ("officer", _text_p), ("decided_on", _text_p),
                ("case_ref", _text_p)]


class ObjectionQuery(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("pending_only", ctypes.c_int), ("overdue_on", _text_p), ("department", _text_p)]


class Commitment(_Versioned):
    _fields_ = [("size", ctypes.c_size_t)] + [(name, _text_p) for name in ("subject", "department", "document_no", "signed_on", "content")]


class RepairRequest(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("target", ctypes.c_int), ("target_id", ctypes.c_longlong), ("repaired_on", _text_p),
                ("decided_by", _text_p), ("obligations_evidence", _text_p), ("commitment_record_id", ctypes.c_longlong)]


class PublicationQuery(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("as_of", _text_p), ("department", _text_p), ("overdue_only", ctypes.c_int)]


class AuditQuery(_Versioned):
    _fields_ = [("size", ctypes.c_size_t)] + [(name, _text_p) for name in ("subject", "department", "decision_id", "from", "to")] + [
        ("limit", ctypes.c_size_t)]


class ReplicaStatus(_Versioned):
    _fields_ = [("size", ctypes.c_size_t), ("sequence", ctypes.c_longlong), ("data_version", ctypes.c_longlong), ("data_as_of", _text_p),
                ("expires_at", _text_p), ("expired", ctypes.c_int), ("lag_seconds", ctypes.c_longlong), ("feed_id", _text_p),
                ("publisher", _text_p), ("content_sm3", _text_p), ("files_applied", ctypes.c_longlong)]


#: The header's struct names for the classes above (the consistency test pairs them).
STRUCTS = {
    "credcheck_identity": Identity, "credcheck_principal": Principal, "credcheck_open_options": OpenOptions,
    "credcheck_import_report": ImportReport, "credcheck_import_options": ImportOptions, "credcheck_check_request": CheckRequest, "credcheck_measure": Measure,
    "credcheck_basis": Basis, "credcheck_receipt": Receipt, "credcheck_feedback": Feedback,
    "credcheck_objection_query": ObjectionQuery, "credcheck_commitment": Commitment, "credcheck_repair_request": RepairRequest,
    "credcheck_publication_query": PublicationQuery, "credcheck_audit_query": AuditQuery,
    "credcheck_replica_status": ReplicaStatus,
}

_db_p = ctypes.c_void_p        # credcheck_db*
_decision_p = ctypes.c_void_p  # credcheck_decision*
_out_json = ctypes.POINTER(ctypes.c_void_p)  # char**: kept as a raw pointer, to be freed with credcheck_free
_int, _ll, _size, _uint = ctypes.c_int, ctypes.c_longlong, ctypes.c_size_t, ctypes.c_uint
_P = ctypes.POINTER

# name: (restype, argtypes). Every C function of the header is declared here and nowhere else.
_PROTOTYPES = {
    "credcheck_libversion": (_text_p, []),
    "credcheck_libversion_number": (_int, []),
    "credcheck_abi_version": (_int, []),
    "credcheck_status_name": (_text_p, [_int]),
    "credcheck_last_error": (_text_p, []),
    "credcheck_free": (None, [ctypes.c_void_p]),
    "credcheck_configure_for_threads": (_int, []),
    "credcheck_id_kind_name": (_text_p, [_int]),
    "credcheck_identify": (_int, [_P(Identity), _text_p, _uint]),
    "credcheck_db_open": (_int, [_P(_db_p), _text_p, _P(OpenOptions)]),
    "credcheck_db_as": (_int, [_P(_db_p), _db_p, _P(Principal)]),
    "credcheck_db_close": (None, [_db_p]),
    "credcheck_import_file": (_int, [_P(ImportReport), _db_p, _int, _text_p, _uint]),
    "credcheck_import_run": (_int, [_P(ImportReport), _out_json, _db_p, _text_p, _P(ImportOptions)]),
    "credcheck_verdict_name": (_text_p, [_int]),
    "credcheck_check": (_int, [_P(_decision_p), _db_p, _P(CheckRequest)]),
    "credcheck_check_batch": (_int, [_P(_decision_p), _db_p, _P(CheckRequest), _P(_text_p), _size]),
    "credcheck_decision_free": (None, [_decision_p]),
    "credcheck_subject_kind_name": (_text_p, [_int]),
    "credcheck_subject_status_name": (_text_p, [_int]),
    "credcheck_decision_verdict": (_int, [_decision_p]),
    "credcheck_decision_subject_found": (_int, [_decision_p]),
    "credcheck_decision_subject_code": (_text_p, [_decision_p]),
    "credcheck_decision_subject_name": (_text_p, [_decision_p]),
    "credcheck_decision_subject_kind": (_int, [_decision_p]),
    "credcheck_decision_subject_status": (_int, [_decision_p]),
    "credcheck_decision_subject_matched_by": (_int, [_decision_p]),
    "credcheck_decision_scenario": (_text_p, [_decision_p]),
    "credcheck_decision_as_of": (_text_p, [_decision_p]),
    "credcheck_decision_green_channel": (_int, [_decision_p]),
    "credcheck_decision_green_channel_reason": (_text_p, [_decision_p]),
    "credcheck_decision_caveat_count": (_size, [_decision_p]),
    "credcheck_decision_caveat": (_text_p, [_decision_p, _size]),
    "credcheck_decision_logged": (_int, [_decision_p]),
    "credcheck_decision_log_error": (_text_p, [_decision_p]),
    "credcheck_effect_name": (_text_p, [_int]),
    "credcheck_via_name": (_text_p, [_int]),
    "credcheck_person_role_name": (_text_p, [_int]),
    "credcheck_decision_measure_count": (_size, [_decision_p, _int]),
    "credcheck_decision_measure": (_int, [_P(Measure), _decision_p, _int, _size]),
    "credcheck_basis_level_name": (_text_p, [_int]),
    "credcheck_decision_measure_basis": (_int, [_P(Basis), _decision_p, _int, _size, _size]),
    "credcheck_decision_receipt": (_int, [_P(Receipt), _decision_p]),
    "credcheck_decision_stale": (_int, [_decision_p]),
    "credcheck_decision_stale_reason": (_text_p, [_decision_p]),
    "credcheck_decision_json": (_int, [_out_json, _decision_p, _uint]),
    # Workflows
    "credcheck_calendar_load": (_int, [_db_p, _text_p]),
    "credcheck_calendar_is_working_day": (_int, [_P(_int), _db_p, _text_p]),
    "credcheck_calendar_add_working_days": (_int, [_text_p, _db_p, _text_p, _int]),
    "credcheck_calendar_working_days_between": (_int, [_P(_int), _db_p, _text_p, _text_p]),
    "credcheck_dispatch_set_routes": (_int, [_db_p, _text_p, _P(_text_p), _size, _text_p]),
    "credcheck_dispatch_run": (_int, [_P(_ll), _P(_ll), _db_p, _text_p]),
    "credcheck_dispatch_inbox_json": (_int, [_out_json, _db_p, _text_p, _int]),
    "credcheck_dispatch_status_json": (_int, [_out_json, _db_p, _text_p]),
    "credcheck_feedback_record": (_int, [_P(_ll), _db_p, _P(Feedback)]),
    "credcheck_objection_file": (_int, [_P(_ll), _db_p, _int, _ll, _text_p, _text_p, _text_p]),
    "credcheck_objection_resolve": (_int, [_db_p, _ll, _int, _text_p, _text_p, _text_p]),
    "credcheck_objection_correct": (_int, [_db_p, _ll, _text_p, _text_p, _text_p, _P(_text_p), _P(_text_p), _size]),
    "credcheck_objection_list_json": (_int, [_out_json, _db_p, _P(ObjectionQuery)]),
    "credcheck_objection_set_days": (_int, [_db_p, _int]),
    "credcheck_commitment_record": (_int, [_P(_ll), _db_p, _P(Commitment)]),
    "credcheck_repair_blockers_json": (_int, [_out_json, _db_p, _P(RepairRequest)]),
    "credcheck_repair_grant": (_int, [_P(_ll), _db_p, _P(RepairRequest)]),
    "credcheck_publication_status_json": (_int, [_out_json, _db_p, _P(PublicationQuery)]),
    "credcheck_publication_mark": (_int, [_db_p, _text_p, _text_p, _text_p]),
    "credcheck_publication_batch": (_int, [_P(_ll), _db_p, _int, _text_p, _int, _text_p]),
    "credcheck_publication_export_list": (_int, [_P(_ll), _db_p, _int, _text_p, _int, _text_p]),
    "credcheck_report_json": (_int, [_out_json, _db_p, _text_p, _text_p, _text_p]),
    "credcheck_audit_verify_json": (_int, [_out_json, _db_p]),
    "credcheck_audit_entries_json": (_int, [_out_json, _db_p, _P(AuditQuery)]),
    # Department replicas
    "credcheck_replica_init": (_int, [_text_p, _text_p, _text_p]),
    "credcheck_replica_apply": (_int, [_P(_ll), _P(ReplicaStatus), _db_p, _text_p]),
    "credcheck_replica_get_status": (_int, [_P(ReplicaStatus), _db_p]),
    "credcheck_outbox_export": (_int, [_P(_ll), _P(_ll), _db_p, _text_p, _text_p]),
}


def _candidates() -> list[Path | str]:
    """Where to look, in order: $CREDCHECK_LIBRARY, the package folder, the build tree, the system."""
    out: list[Path | str] = []
    override = os.environ.get("CREDCHECK_LIBRARY")
    if override:
        out.append(Path(override))
    here = Path(__file__).resolve().parent
    out += [here / name for name in _LIBRARY_NAMES]
    source_root = here.parents[2] if len(here.parents) > 2 else here
    for build in sorted(source_root.glob("build*")):
        out += [build / "capi" / name for name in _LIBRARY_NAMES]
    system = ctypes.util.find_library("credcheck")
    if system:
        out.append(system)
    return out


def _load() -> ctypes.CDLL:
    tried = []
    for candidate in _candidates():
        if isinstance(candidate, Path) and not candidate.exists():
            tried.append(f"{candidate} (no such file)")
            continue
        try:
            lib = ctypes.CDLL(str(candidate))
        except OSError as exc:
            tried.append(f"{candidate} ({exc})")
            continue
        for name, (restype, argtypes) in _PROTOTYPES.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        abi = lib.credcheck_abi_version()
        if abi != ABI_VERSION:
            raise VersionMismatchError(
                f"{candidate} has C ABI version {abi}, this package needs {ABI_VERSION}"
            )
        return lib
    raise LibraryNotFoundError(
        "libcredcheck not found; set CREDCHECK_LIBRARY to its path. Tried:\n  " + "\n  ".join(tried)
    )


lib = _load()


def last_error() -> str:
    return lib.credcheck_last_error().decode("utf-8", "replace")
