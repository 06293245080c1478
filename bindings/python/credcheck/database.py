"""Databases and the must-check: `Database(path)`, `db.check(...)`, `db.check_batch(...)`, `db.import_file(...)`."""

from __future__ import annotations

import ctypes
import datetime
import enum
import json as _json
import os
from dataclasses import dataclass

from . import _native
from .errors import ImportRejectedError, MisuseError, error_for
from .workflows import Workflows

_APPLIED, _SUSPENDED = _native.CREDCHECK_MEASURES_APPLIED, _native.CREDCHECK_MEASURES_SUSPENDED
_ROLES = {"credit_office": _native.CREDCHECK_ROLE_CREDIT_OFFICE, "initiating": _native.CREDCHECK_ROLE_INITIATING,
          "implementing": _native.CREDCHECK_ROLE_IMPLEMENTING, "public": _native.CREDCHECK_ROLE_PUBLIC}
_IMPORT_KINDS = {"subjects": _native.CREDCHECK_IMPORT_KIND_SUBJECTS, "relations": _native.CREDCHECK_IMPORT_KIND_RELATIONS,
                 "lists": _native.CREDCHECK_IMPORT_KIND_LISTS, "licenses": _native.CREDCHECK_IMPORT_KIND_LICENSES,
                 "penalties": _native.CREDCHECK_IMPORT_KIND_PENALTIES}


def _enum_code(table: dict, name: str, what: str) -> int:
    try:
        return table[name]
    except KeyError:
        from .errors import InvalidArgumentError

        raise InvalidArgumentError(f"{what} '{name}' is not one of {', '.join(table)}", InvalidArgumentError.status) from None


@dataclass(frozen=True)
class Principal:
    """Who is calling: `department` (as the database knows it) and `role` — "credit_office",
    "initiating", "implementing" or "public" — and the `officer`, for the audit trail."""

    department: str
    role: str
    officer: str = ""

    def _native(self) -> _native.Principal:
        return _native.Principal(role=_enum_code(_ROLES, self.role, "role"), department=self.department.encode("utf-8") or None,
                                 officer=self.officer.encode("utf-8") or None)


class Verdict(enum.Enum):
    DENY = "deny"
    RESTRICT = "restrict"
    REVIEW = "review"
    ALLOW = "allow"
    FAVOR = "favor"


_VERDICTS = [Verdict.DENY, Verdict.RESTRICT, Verdict.REVIEW, Verdict.ALLOW, Verdict.FAVOR]


class Effect(enum.Enum):
    PROHIBIT = "prohibit"
    RESTRICT = "restrict"
    SCRUTINIZE = "scrutinize"
    INCENTIVE = "incentive"


class Via(enum.Enum):
    SELF = "self"
    ORGANIZATION = "organization"
    LEGAL_REPRESENTATIVE = "legal_representative"
    PRINCIPAL = "principal"


@dataclass(frozen=True)
class Source:
    list: str
    entry_id: int
    subject_code: str
    subject_name: str
    department: str
    document_no: str
    entered_on: datetime.date
    expires_on: datetime.date | None
    legal_basis: str


@dataclass(frozen=True)
class Basis:
    """A text a measure was applied on: its citation, level (law, administrative_regulation, …) and
    whether credcheck's catalog read it."""
    id: str
    citation: str
    level: str
    verified: bool


@dataclass(frozen=True)
class AppliedMeasure:
    code: str
    name: str
    effect: Effect
    via: Via
    role: str | None  # with Via.ORGANIZATION: legal_representative, principal or responsible_person
    legal_basis: str
    reason: str
    source: Source | None
    objection_id: int | None
    bases: tuple[Basis, ...] = ()


@dataclass(frozen=True)
class Receipt:
    id: str
    data_version: int
    catalog_version: str
    catalog_sha256: str
    library_version: str
    checked_at: str
    department: str
    purpose: str
    data_as_of: str | None  # UTC, ISO 8601: when the data last changed (on a replica: when the office published it)
    data_expires_at: str | None = None  # on a department replica: when its feed file expires; None on the office


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    found: bool
    subject_code: str
    subject_name: str | None
    scenario: str
    as_of: datetime.date
    measures: tuple[AppliedMeasure, ...]
    suspended: tuple[AppliedMeasure, ...]
    green_channel: bool
    green_channel_reason: str
    receipt: Receipt
    caveats: tuple[str, ...]  # grounds the answer cannot vouch for; any makes the verdict at least review
    logged: bool              # recorded in the check log (see log_error when not)
    log_error: str | None
    json: dict
    stale: bool = False              # on a replica: past the feed file's expiry or the handle's max_data_age
    stale_reason: str | None = None
    #: "code", or "name" when a masked code was matched to this subject by its name (confirm it: a caveat says so).
    matched_by: str | None = "code"


@dataclass(frozen=True)
class ReplicaStatus:
    """Where a department replica stands (Database.replica_status(), .replica_apply())."""
    sequence: int
    data_version: int
    data_as_of: str
    expires_at: str
    expired: bool
    lag: datetime.timedelta
    feed_id: str
    publisher: str
    content_sm3: str
    files_applied: int


@dataclass(frozen=True)
class ImportReport:
    rows: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    subjects_created: int
    committed: bool
    #: How the file was read and what each row did (the C ABI's report JSON): "source" (format, encoding,
    #: sheet, header_row, columns, constants), "problems", and for a dry run "preview" and "refusals".
    details: dict | None = None


def _text(value: bytes | None) -> str:
    return value.decode("utf-8") if value is not None else ""


def _date(value: bytes | None) -> datetime.date | None:
    text = _text(value)
    return datetime.date.fromisoformat(text) if text else None


def _bytes(value: str | None) -> bytes | None:
    return value.encode("utf-8") if value is not None else None


def _as_of(value: datetime.date | str | None) -> bytes | None:
    if value is None:
        return None
    return (value.isoformat() if isinstance(value, datetime.date) else value).encode("ascii")


def _measures(handle, which: int) -> tuple[AppliedMeasure, ...]:
    """The measures of list `which`, with the legal bases each applied."""
    lib = _native.lib
    out = []
    for i in range(lib.credcheck_decision_measure_count(handle, which)):
        m = _native.Measure()
        status = lib.credcheck_decision_measure(ctypes.byref(m), handle, which, i)
        if status:
            raise error_for(status, _native.last_error())
        source = None
        if m.entry_id:
            source = Source(_text(m.list), m.entry_id, _text(m.listed_code), _text(m.listed_name), _text(m.department),
                            _text(m.document_no), _date(m.entered_on), _date(m.expires_on), _text(m.entry_legal_basis))
        bases = []
        for b in range(m.basis_count):
            basis = _native.Basis()
            status = lib.credcheck_decision_measure_basis(ctypes.byref(basis), handle, which, i, b)
            if status:
                raise error_for(status, _native.last_error())
            bases.append(Basis(_text(basis.id), _text(basis.citation), _text(lib.credcheck_basis_level_name(basis.level)), bool(basis.verified)))
        out.append(AppliedMeasure(_text(m.code), _text(m.name), Effect(_text(lib.credcheck_effect_name(m.effect))),
                                  Via(_text(lib.credcheck_via_name(m.via))), _text(lib.credcheck_person_role_name(m.role)) or None,
                                  _text(m.legal_basis), _text(m.reason), source, m.objection_id or None, tuple(bases)))
    return tuple(out)


def _decision(handle, unmask: bool) -> Decision:
    """Copies everything out of a C decision (then freed by the caller)."""
    lib = _native.lib
    r = _native.Receipt()
    status = lib.credcheck_decision_receipt(ctypes.byref(r), handle)
    if status:
        raise error_for(status, _native.last_error())
    text = ctypes.c_void_p()
    status = lib.credcheck_decision_json(ctypes.byref(text), handle, _native.CREDCHECK_JSON_UNMASKED if unmask else 0)
    if status:
        raise error_for(status, _native.last_error())
    try:
        document = _json.loads(ctypes.string_at(text.value).decode("utf-8"))
    finally:
        lib.credcheck_free(text)
    found = bool(lib.credcheck_decision_subject_found(handle))
    logged = bool(lib.credcheck_decision_logged(handle))
    return Decision(
        verdict=_VERDICTS[lib.credcheck_decision_verdict(handle)],
        found=found,
        subject_code=document["subject"]["code"],
        subject_name=_text(lib.credcheck_decision_subject_name(handle)) if found else None,
        scenario=_text(lib.credcheck_decision_scenario(handle)),
        as_of=_date(lib.credcheck_decision_as_of(handle)),
        measures=_measures(handle, _APPLIED),
        suspended=_measures(handle, _SUSPENDED),
        green_channel=bool(lib.credcheck_decision_green_channel(handle)),
        green_channel_reason=_text(lib.credcheck_decision_green_channel_reason(handle)),
        receipt=Receipt(_text(r.id), r.data_version, _text(r.catalog_version), _text(r.catalog_sha256), _text(r.library_version),
                        _text(r.checked_at), _text(r.department), _text(r.purpose), _text(r.data_as_of) or None,
                        _text(r.data_expires_at) or None),
        caveats=tuple(_text(lib.credcheck_decision_caveat(handle, i)) for i in range(lib.credcheck_decision_caveat_count(handle))),
        logged=logged,
        log_error=None if logged else _text(lib.credcheck_decision_log_error(handle)),
        json=document,
        stale=bool(lib.credcheck_decision_stale(handle)),
        stale_reason=_text(lib.credcheck_decision_stale_reason(handle)) or None,
        matched_by=document["subject"].get("matched_by"),
    )


def _replica_status(s: _native.ReplicaStatus) -> ReplicaStatus:
    return ReplicaStatus(s.sequence, s.data_version, _text(s.data_as_of), _text(s.expires_at), bool(s.expired),
                         datetime.timedelta(seconds=s.lag_seconds), _text(s.feed_id), _text(s.publisher), _text(s.content_sm3),
                         s.files_applied)


def init_replica(path: str | os.PathLike, snapshot: str | os.PathLike, trusted_key: str | os.PathLike) -> None:
    """Creates a department replica at `path` from the office's snapshot, verified under the office's
    public key (PEM). Raises FeedRefusedError, naming the file and why, when it cannot be trusted."""
    status = _native.lib.credcheck_replica_init(os.fsencode(path), os.fsencode(snapshot), os.fsencode(trusted_key))
    if status:
        raise error_for(status, _native.last_error())


class Database(Workflows):
    """A credcheck database. Use as a context manager, or call close(); one Database may be shared
    between threads for checks.

        with credcheck.Database("credit.db") as db:
            decision = db.check("91420704MA00002770", "gov_procurement")
    """

    def __init__(self, path: str | os.PathLike, *, create: bool = False, read_only: bool = False,
                 principal: Principal | None = None, require_log: bool = False, max_data_age: datetime.timedelta | None = None):
        """`principal`: who acts through this handle (default: the credit office); every write and
        check is authorised for it and recorded with it in the audit trail. `require_log`: a check
        that cannot be recorded in the check log raises instead of answering. `max_data_age`: on a
        department replica, decisions on data the office published longer ago are stale (review)."""
        handle = _native._db_p()
        options = _native.OpenOptions(flags=(_native.CREDCHECK_OPEN_CREATE if create else 0) |
                                      (_native.CREDCHECK_OPEN_READONLY if read_only else 0) |
                                      (_native.CREDCHECK_OPEN_REQUIRE_LOG if require_log else 0))
        if max_data_age is not None:
            options.max_data_age_seconds = max(1, int(max_data_age.total_seconds()))
        who = principal._native() if principal is not None else None
        if who is not None:
            options.principal = ctypes.pointer(who)
        status = _native.lib.credcheck_db_open(ctypes.byref(handle), os.fsencode(path), ctypes.byref(options))
        if status:
            raise error_for(status, _native.last_error())
        self._handle = handle

    def as_principal(self, principal: Principal) -> Database:
        """Another handle on the same open database, acting as `principal`."""
        handle = _native._db_p()
        status = _native.lib.credcheck_db_as(ctypes.byref(handle), self._live(), ctypes.byref(principal._native()))
        if status:
            self._raise(status)
        other = Database.__new__(Database)
        other._handle = handle
        return other

    def close(self) -> None:
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            _native.lib.credcheck_db_close(handle)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()

    def _live(self):
        if not self._handle:
            raise MisuseError("the database is closed", 15)
        return self._handle

    def _raise(self, status: int):
        """The calling thread's error (credcheck_last_error: the one channel, safe under threads)."""
        raise error_for(status, _native.last_error())

    def import_file(self, path: str | os.PathLike, kind: str, *, partial: bool = False, encoding: str | None = None,
                    sheet: str | int | None = None, header_row: int | None = None, profile: str | os.PathLike | None = None,
                    constants: dict[str, str] | None = None, dry_run: bool = False, rejects: str | os.PathLike | None = None,
                    as_of: datetime.date | str | None = None) -> ImportReport:
        """Imports a department file as it comes (CSV or JSON Lines in UTF-8 or GB18030, XLSX, XLS, Excel 2003 XML,
        an HTML table saved as .xls: recognised by its bytes); all or nothing unless `partial`. `encoding` ("utf-8",
        "gb18030") overrides detection for text files; `sheet` (a name, or a number from 1) chooses a workbook's sheet;
        `header_row` names the header's row instead of finding it; `profile` (a file, or a built-in name such as
        "tax_a_grade") maps the file's own titles; `constants` gives canonical columns a value for every row.
        `dry_run` validates every row and writes nothing: the report's `details` say how the file was read and
        show the first rows as they would be imported. Raises ImportRejectedError (with `.report`) when rows are bad
        and nothing was written."""
        flags = (_native.CREDCHECK_IMPORT_PARTIAL if partial else 0) | (_native.CREDCHECK_IMPORT_DRY_RUN if dry_run else 0)
        if encoding is not None:
            name = encoding.lower().replace("_", "-")
            if name in ("gb18030", "gbk", "gb2312"):
                flags |= _native.CREDCHECK_IMPORT_GB18030
            elif name in ("utf-8", "utf8"):
                flags |= _native.CREDCHECK_IMPORT_UTF8
            else:
                raise ValueError(f"encoding {encoding!r} is not utf-8, gb18030, gbk or gb2312")
        assignments = [f"{column}={value}" for column, value in (constants or {}).items()]
        constant_array = (_native._text_p * len(assignments))(*[a.encode("utf-8") for a in assignments])
        options = _native.ImportOptions(kind=_enum_code(_IMPORT_KINDS, kind, "import kind"), flags=flags,
                                        sheet=None if sheet is None else str(sheet).encode("utf-8"),
                                        header_row=header_row or 0,
                                        profile=None if profile is None else os.fsencode(profile),
                                        constants=constant_array, constant_count=len(assignments),
                                        rejects=None if rejects is None else os.fsencode(rejects), as_of=_as_of(as_of))
        report = _native.ImportReport()
        text = ctypes.c_void_p()
        status = _native.lib.credcheck_import_run(ctypes.byref(report), ctypes.byref(text), self._live(), os.fsencode(path),
                                                  ctypes.byref(options))
        details = None
        if text.value:
            try:
                details = _json.loads(ctypes.string_at(text.value).decode("utf-8"))
            finally:
                _native.lib.credcheck_free(text)
        result = ImportReport(report.rows, report.inserted, report.updated, report.unchanged, report.rejected, report.subjects_created,
                              bool(report.committed), details)
        if status == ImportRejectedError.status:
            error = ImportRejectedError(_native.last_error(), status)
            error.report = result
            raise error
        if status:
            self._raise(status)
        return result

    def _request(self, subject, scenario, as_of, purpose, name=None) -> _native.CheckRequest:
        return _native.CheckRequest(subject=_bytes(subject), scenario=_bytes(scenario), as_of=_as_of(as_of), purpose=_bytes(purpose),
                                    subject_name=_bytes(name))

    def check(self, subject: str, scenario: str, *, as_of: datetime.date | str | None = None, purpose: str | None = None,
              unmask: bool = False, name: str | None = None) -> Decision:
        """The must-check of one subject in one scenario. A black-list hit is a Decision, not an error.
        Who checks is the handle's principal (Database(principal=…), as_principal()): its department is
        recorded with the decision. With a masked code from a published list (9114082306****333G), `name`
        finds the one subject of that name whose code fits the mask: the decision's matched_by is "name"."""
        request = self._request(subject, scenario, as_of, purpose, name)
        handle = _native._decision_p()
        status = _native.lib.credcheck_check(ctypes.byref(handle), self._live(), ctypes.byref(request))
        if status:
            self._raise(status)
        try:
            return _decision(handle, unmask)
        finally:
            _native.lib.credcheck_decision_free(handle)

    def replica_apply(self, path: str | os.PathLike) -> tuple[int, ReplicaStatus]:
        """Applies a feed file, or every newer file of a feed directory, in one transaction: the number
        of files applied and where the replica stands after. Raises FeedRefusedError (nothing applied)
        naming the file and the reason when a file cannot be trusted."""
        applied = ctypes.c_longlong()
        status_out = _native.ReplicaStatus()
        status = _native.lib.credcheck_replica_apply(ctypes.byref(applied), ctypes.byref(status_out), self._live(), os.fsencode(path))
        if status:
            self._raise(status)
        return applied.value, _replica_status(status_out)

    def replica_status(self) -> ReplicaStatus:
        """Where this department replica stands: version, data as of, expiry, lag."""
        out = _native.ReplicaStatus()
        status = _native.lib.credcheck_replica_get_status(ctypes.byref(out), self._live())
        if status:
            self._raise(status)
        return _replica_status(out)

    def outbox_export(self, key: str | os.PathLike, path: str | os.PathLike) -> tuple[int, int]:
        """Writes this replica's return to the credit office — the checks made since the last return, its
        feedback and the objections received at its window — signed with the department's SM2 private
        key (PEM), to `path` (never replaced): the return's number and how many items it carries. The
        handle's principal is the returning department (Database(..., principal=...))."""
        sequence = ctypes.c_longlong()
        items = ctypes.c_longlong()
        status = _native.lib.credcheck_outbox_export(ctypes.byref(sequence), ctypes.byref(items), self._live(), os.fsencode(key),
                                                     os.fsencode(path))
        if status:
            self._raise(status)
        return sequence.value, items.value

    def check_batch(self, subjects: list[str], scenario: str, *, as_of: datetime.date | str | None = None,
                    purpose: str | None = None, unmask: bool = False) -> list[Decision]:
        """Many subjects, one scenario, one data state (批量比对)."""
        request = self._request(None, scenario, as_of, purpose)
        codes = (ctypes.c_char_p * len(subjects))(*[s.encode("utf-8") for s in subjects])
        handles = (_native._decision_p * len(subjects))()
        status = _native.lib.credcheck_check_batch(handles, self._live(), ctypes.byref(request), codes, len(subjects))
        if status:
            self._raise(status)
        try:
            return [_decision(h, unmask) for h in handles]
        finally:
            for h in handles:
                _native.lib.credcheck_decision_free(h)
