"""Loading libcredcheck and declaring its C functions: the one place ctypes is spoken."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path

from .errors import LibraryNotFoundError, VersionMismatchError

#: The C ABI version this package was written against (CREDCHECK_ABI_VERSION in credcheck.h).
ABI_VERSION = 0

_LIBRARY_NAMES = ("libcredcheck.so.0", "libcredcheck.so")


class Identity(ctypes.Structure):
    """credcheck_identity from credcheck.h."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("kind", ctypes.c_int),
        ("closest_kind", ctypes.c_int),
        ("normalized", ctypes.c_char * 32),
        ("error_position", ctypes.c_size_t),
        ("error", ctypes.c_char * 512),
    ]


class CheckRequest(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_size_t),
        ("subject", ctypes.c_char_p),
        ("scenario", ctypes.c_char_p),
        ("as_of", ctypes.c_char_p),
        ("department", ctypes.c_char_p),
        ("purpose", ctypes.c_char_p),
    ]


class Measure(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t)] + [
        (name, ctypes.c_char_p) for name in ("code", "name", "effect", "via", "role", "legal_basis", "reason", "list")
    ] + [("entry_id", ctypes.c_longlong)] + [
        (name, ctypes.c_char_p) for name in ("listed_code", "listed_name", "department", "document_no", "entered_on", "expires_on")
    ] + [("objection_id", ctypes.c_longlong), ("entry_legal_basis", ctypes.c_char_p)]


class Receipt(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_size_t),
        ("id", ctypes.c_char_p),
        ("data_version", ctypes.c_longlong),
        ("catalog_version", ctypes.c_char_p),
        ("catalog_sha256", ctypes.c_char_p),
        ("library_version", ctypes.c_char_p),
        ("checked_at", ctypes.c_char_p),
        ("as_of", ctypes.c_char_p),
        ("department", ctypes.c_char_p),
        ("purpose", ctypes.c_char_p),
        ("data_as_of", ctypes.c_char_p),
    ]


class ImportReport(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t)] + [
        (name, ctypes.c_ulonglong) for name in ("rows", "inserted", "updated", "unchanged", "rejected", "subjects_created")
    ] + [("committed", ctypes.c_int)]


class Feedback(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("notice_id", ctypes.c_longlong)] + [
        (name, ctypes.c_char_p)
        for name in ("decision_id", "measure", "department", "outcome", "reason", "officer", "decided_on", "case_ref")
    ]


class RepairRequest(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_size_t),
        ("target", ctypes.c_char_p),
        ("target_id", ctypes.c_longlong),
        ("repaired_on", ctypes.c_char_p),
        ("decided_by", ctypes.c_char_p),
        ("obligations_evidence", ctypes.c_char_p),
        ("commitment_record_id", ctypes.c_longlong),
    ]


class Principal(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("department", ctypes.c_char_p), ("role", ctypes.c_char_p), ("officer", ctypes.c_char_p)]


_db_p = ctypes.c_void_p
_decision_p = ctypes.c_void_p

# name: (restype, argtypes). Every C function the package calls is declared here and nowhere else.
_PROTOTYPES = {
    "credcheck_libversion": (ctypes.c_char_p, []),
    "credcheck_libversion_number": (ctypes.c_int, []),
    "credcheck_abi_version": (ctypes.c_int, []),
    "credcheck_status_name": (ctypes.c_char_p, [ctypes.c_int]),
    "credcheck_last_error": (ctypes.c_char_p, []),
    "credcheck_free": (None, [ctypes.c_void_p]),
    "credcheck_identify": (ctypes.c_int, [ctypes.POINTER(Identity), ctypes.c_char_p, ctypes.c_uint]),
    "credcheck_configure_for_threads": (ctypes.c_int, []),
    "credcheck_db_open": (ctypes.c_int, [ctypes.POINTER(_db_p), ctypes.c_char_p, ctypes.c_uint]),
    "credcheck_db_close": (None, [_db_p]),
    "credcheck_errmsg": (ctypes.c_char_p, [_db_p]),
    "credcheck_import": (ctypes.c_int, [_db_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint, ctypes.POINTER(ImportReport)]),
    "credcheck_check": (ctypes.c_int, [_db_p, ctypes.POINTER(CheckRequest), ctypes.POINTER(_decision_p)]),
    "credcheck_check_batch": (ctypes.c_int, [_db_p, ctypes.POINTER(CheckRequest), ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
                                             ctypes.POINTER(_decision_p)]),
    "credcheck_decision_free": (None, [_decision_p]),
    "credcheck_decision_verdict": (ctypes.c_int, [_decision_p]),
    "credcheck_decision_subject_found": (ctypes.c_int, [_decision_p]),
    "credcheck_decision_subject_code": (ctypes.c_char_p, [_decision_p]),
    "credcheck_decision_subject_name": (ctypes.c_char_p, [_decision_p]),
    "credcheck_decision_scenario": (ctypes.c_char_p, [_decision_p]),
    "credcheck_decision_as_of": (ctypes.c_char_p, [_decision_p]),
    "credcheck_decision_measure_count": (ctypes.c_size_t, [_decision_p, ctypes.c_int]),
    "credcheck_decision_measure": (ctypes.c_int, [_decision_p, ctypes.c_int, ctypes.c_size_t, ctypes.POINTER(Measure)]),
    "credcheck_decision_green_channel": (ctypes.c_int, [_decision_p, ctypes.POINTER(ctypes.c_char_p)]),
    "credcheck_decision_receipt": (ctypes.c_int, [_decision_p, ctypes.POINTER(Receipt)]),
    "credcheck_decision_caveat_count": (ctypes.c_size_t, [_decision_p]),
    "credcheck_decision_caveat": (ctypes.c_char_p, [_decision_p, ctypes.c_size_t]),
    "credcheck_decision_logged": (ctypes.c_int, [_decision_p, ctypes.POINTER(ctypes.c_char_p)]),
    "credcheck_decision_json": (ctypes.c_int, [_decision_p, ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p)]),
    "credcheck_db_open_as": (ctypes.c_int, [ctypes.POINTER(_db_p), ctypes.c_char_p, ctypes.c_uint, ctypes.POINTER(Principal)]),
    "credcheck_db_as": (ctypes.c_int, [ctypes.POINTER(_db_p), _db_p, ctypes.POINTER(Principal)]),
    "credcheck_audit_verify_json": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_void_p)]),
    "credcheck_audit_json": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_void_p)] + [ctypes.c_char_p] * 5),
    # Workflows
    "credcheck_objection_file": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_longlong), ctypes.c_char_p, ctypes.c_longlong,
                                                ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]),
    "credcheck_objection_resolve": (ctypes.c_int, [_db_p, ctypes.c_longlong, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                                   ctypes.c_char_p]),
    "credcheck_objection_correct": (ctypes.c_int, [_db_p, ctypes.c_longlong, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                                   ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t]),
    "credcheck_objections_json": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p]),
    "credcheck_objection_set_days": (ctypes.c_int, [_db_p, ctypes.c_int]),
    "credcheck_calendar_load": (ctypes.c_int, [_db_p, ctypes.c_char_p]),
    "credcheck_is_working_day": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_int), ctypes.c_char_p]),
    "credcheck_add_working_days": (ctypes.c_int, [_db_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]),
    "credcheck_working_days_between": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_int), ctypes.c_char_p, ctypes.c_char_p]),
    "credcheck_routes_set": (ctypes.c_int, [_db_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_char_p,
                                            ctypes.c_char_p]),
    "credcheck_dispatch": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_longlong), ctypes.POINTER(ctypes.c_longlong), ctypes.c_char_p]),
    "credcheck_inbox_json": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_int]),
    "credcheck_dispatch_status_json": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]),
    "credcheck_feedback_record": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_longlong), ctypes.POINTER(Feedback)]),
    "credcheck_commitment_record": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_longlong)] + [ctypes.c_char_p] * 6),
    "credcheck_repair_blockers_json": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(RepairRequest)]),
    "credcheck_repair": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_longlong), ctypes.POINTER(RepairRequest)]),
    "credcheck_publication_json": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]),
    "credcheck_mark_published": (ctypes.c_int, [_db_p] + [ctypes.c_char_p] * 4),
    "credcheck_publication_batch": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_longlong)] + [ctypes.c_char_p] * 4),
    "credcheck_public_list_export": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_longlong)] + [ctypes.c_char_p] * 4),
    "credcheck_report_json": (ctypes.c_int, [_db_p, ctypes.POINTER(ctypes.c_void_p)] + [ctypes.c_char_p] * 3),
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
