"""The workflows around the check, as methods of Database: the working-day calendar, dispatch and
feedback, objections, credit commitments and repair, 双公示 publication, and the periodic report.

Lists come back as the JSON documents the C ABI hands out (the shapes `credcheck … --format json`
prints), parsed into plain dicts and lists; ID numbers in them are masked."""

from __future__ import annotations

import ctypes
import datetime
import json
import os
from typing import Any, Sequence

from . import _native

Date = datetime.date | str


def _date(value: Date | None) -> bytes | None:
    if value is None:
        return None
    return (value.isoformat() if isinstance(value, datetime.date) else value).encode("ascii")


def _text(value: str | None) -> bytes | None:
    return None if value is None else value.encode("utf-8")


_TARGETS = {"record": _native.CREDCHECK_TARGET_RECORD, "entry": _native.CREDCHECK_TARGET_ENTRY}
_FORMATS = {"csv": _native.CREDCHECK_FORMAT_CSV, "jsonl": _native.CREDCHECK_FORMAT_JSONL}
_FEEDBACK = {"applied": _native.CREDCHECK_FEEDBACK_APPLIED, "not_applied": _native.CREDCHECK_FEEDBACK_NOT_APPLIED,
             "not_applicable": _native.CREDCHECK_FEEDBACK_NOT_APPLICABLE}
_OUTCOMES = {"upheld": _native.CREDCHECK_OBJECTION_UPHELD, "revoked": _native.CREDCHECK_OBJECTION_REVOKED}
_COLOURS = {"black": _native.CREDCHECK_COLOUR_BLACK, "red": _native.CREDCHECK_COLOUR_RED}
_BATCH_KINDS = {"licenses": _native.CREDCHECK_IMPORT_KIND_LICENSES, "penalties": _native.CREDCHECK_IMPORT_KIND_PENALTIES}


def _code(table: dict, name: str, what: str) -> int:
    """The C number of `name`; InvalidArgumentError naming the choices otherwise."""
    try:
        return table[name]
    except KeyError:
        from .errors import InvalidArgumentError

        raise InvalidArgumentError(f"{what} '{name}' is not one of {', '.join(table)}", InvalidArgumentError.status) from None


class Workflows:
    """Mixed into Database; relies on its _live() and _raise()."""

    def _call(self, function: str, *args) -> None:
        """A function whose first argument is the handle."""
        status = getattr(_native.lib, function)(self._live(), *args)
        if status:
            self._raise(status)

    def _call_out(self, function: str, out, *args) -> None:
        """A function with an out-parameter before the handle."""
        status = getattr(_native.lib, function)(out, self._live(), *args)
        if status:
            self._raise(status)

    def _json(self, function: str, *args) -> Any:
        out = ctypes.c_void_p()
        self._call_out(function, ctypes.byref(out), *args)
        try:
            return json.loads(ctypes.string_at(out.value).decode("utf-8"))
        finally:
            _native.lib.credcheck_free(out)

    # -- the working-day calendar ------------------------------------------------------------------

    def load_calendar(self, path: str | os.PathLike) -> None:
        """Loads a holiday file (the TSV of data/cn_holidays.tsv), replacing the years it lists."""
        self._call("credcheck_calendar_load", os.fsencode(path))

    def is_working_day(self, day: Date) -> bool:
        """Raises CalendarNotCoveredError for a day outside the loaded years."""
        out = ctypes.c_int()
        self._call_out("credcheck_calendar_is_working_day", ctypes.byref(out), _date(day))
        return bool(out.value)

    def add_working_days(self, start: Date, n: int) -> datetime.date:
        """The nth working day after `start` ("within 7 working days of the decision")."""
        out = ctypes.create_string_buffer(_native.CREDCHECK_DATE_SIZE)
        self._call_out("credcheck_calendar_add_working_days", out, _date(start), n)
        return datetime.date.fromisoformat(out.value.decode("ascii"))

    def working_days_between(self, start: Date, end: Date) -> int:
        out = ctypes.c_int()
        self._call_out("credcheck_calendar_working_days_between", ctypes.byref(out), _date(start), _date(end))
        return out.value

    # -- initiation → dispatch → feedback -------------------------------------------------------------

    def set_routes(self, measure: str, departments: Sequence[str], *, as_of: Date | None = None) -> None:
        """Routes a catalog measure to the departments that implement it here (the credit office)."""
        names = (ctypes.c_char_p * len(departments))(*[d.encode("utf-8") for d in departments])
        self._call("credcheck_dispatch_set_routes", measure.encode("utf-8"), names, len(departments), _date(as_of))

    def dispatch(self, as_of: Date | None = None) -> tuple[int, int]:
        """Creates the notices due on `as_of`; returns (apply, lift) counts."""
        apply, lift = ctypes.c_longlong(), ctypes.c_longlong()
        status = _native.lib.credcheck_dispatch_run(ctypes.byref(apply), ctypes.byref(lift), self._live(), _date(as_of))
        if status:
            self._raise(status)
        return apply.value, lift.value

    def inbox(self, department: str, *, include_answered: bool = False) -> list[dict]:
        return self._json("credcheck_dispatch_inbox_json", department.encode("utf-8"), int(include_answered))

    def dispatch_status(self, department: str) -> list[dict]:
        """The initiating department's entries with their notices and feedback."""
        return self._json("credcheck_dispatch_status_json", department.encode("utf-8"))

    def record_feedback(self, *, outcome: str, case_ref: str, department: str | None = None, officer: str | None = None,
                        notice_id: int | None = None, decision_id: str | None = None, measure: str | None = None,
                        reason: str | None = None, decided_on: Date | None = None) -> int:
        """Feedback on a notice or a check decision: outcome "applied", "not_applied" (reason required)
        or "not_applicable". The department and officer default to the handle's principal's. Returns
        the feedback id."""
        f = _native.Feedback(notice_id=notice_id or 0, decision_id=_text(decision_id), measure=_text(measure), department=_text(department),
                             outcome=_code(_FEEDBACK, outcome, "outcome"), reason=_text(reason), officer=_text(officer),
                             decided_on=_date(decided_on), case_ref=_text(case_ref))
        out = ctypes.c_longlong()
        self._call_out("credcheck_feedback_record", ctypes.byref(out), ctypes.byref(f))
        return out.value

    # -- objections ------------------------------------------------------------------------------------

    def file_objection(self, target: str, target_id: int, *, filed_by: str, reason: str, filed_on: Date | None = None) -> int:
        """Objects to an "entry" or a "record"; its measures are suspended while it is verified (where its list allows)."""
        out = ctypes.c_longlong()
        self._call_out("credcheck_objection_file", ctypes.byref(out), _code(_TARGETS, target, "target"), target_id, _date(filed_on),
                       _text(filed_by), _text(reason))
        return out.value

    def resolve_objection(self, objection_id: int, outcome: str, *, resolved_by: str, resolution: str,
                          resolved_on: Date | None = None, corrections: dict[str, str] | None = None) -> None:
        """outcome "upheld", "corrected" (with `corrections`: column → new value) or "revoked"."""
        day = _date(resolved_on)
        if outcome == "corrected":
            items = list((corrections or {}).items())
            columns = (ctypes.c_char_p * len(items))(*[k.encode("utf-8") for k, _ in items])
            values = (ctypes.c_char_p * len(items))(*[v.encode("utf-8") for _, v in items])
            self._call("credcheck_objection_correct", objection_id, day, _text(resolved_by), _text(resolution), columns, values, len(items))
        else:
            self._call("credcheck_objection_resolve", objection_id, _code(_OUTCOMES, outcome, "outcome"), day, _text(resolved_by),
                       _text(resolution))

    def objections(self, *, pending_only: bool = False, overdue_on: Date | None = None, department: str | None = None) -> list[dict]:
        q = _native.ObjectionQuery(pending_only=int(pending_only), overdue_on=_date(overdue_on), department=_text(department))
        return self._json("credcheck_objection_list_json", ctypes.byref(q))

    def set_objection_days(self, days: int) -> None:
        """Working days a source department has to verify an objection (1–60; default 5)."""
        self._call("credcheck_objection_set_days", days)

    # -- credit repair ----------------------------------------------------------------------------------

    def record_commitment(self, subject: str, *, department: str, document_no: str, signed_on: Date | None = None,
                          content: str = "") -> int:
        """Records a credit commitment (信用承诺) received by `department`; returns its record id."""
        c = _native.Commitment(subject=_text(subject), department=_text(department), document_no=_text(document_no),
                               signed_on=_date(signed_on), content=_text(content))
        out = ctypes.c_longlong()
        self._call_out("credcheck_commitment_record", ctypes.byref(out), ctypes.byref(c))
        return out.value

    def _repair_request(self, target, target_id, decided_by, evidence, repaired_on, commitment) -> _native.RepairRequest:
        return _native.RepairRequest(target=_code(_TARGETS, target, "target"), target_id=target_id, repaired_on=_date(repaired_on),
                                     decided_by=_text(decided_by), obligations_evidence=_text(evidence), commitment_record_id=commitment or 0)

    def repair_blockers(self, target: str, target_id: int, *, decided_by: str, evidence: str = "", repaired_on: Date | None = None,
                        commitment: int | None = None) -> list[str]:
        """The unmet repair conditions, one sentence each; [] when the repair can be granted."""
        r = self._repair_request(target, target_id, decided_by, evidence, repaired_on, commitment)
        return self._json("credcheck_repair_blockers_json", ctypes.byref(r))

    def repair(self, target: str, target_id: int, *, decided_by: str, evidence: str, repaired_on: Date | None = None,
               commitment: int | None = None) -> int:
        """Repairs a penalty ("record") or list entry ("entry"); raises ConflictError naming every unmet condition."""
        r = self._repair_request(target, target_id, decided_by, evidence, repaired_on, commitment)
        out = ctypes.c_longlong()
        self._call_out("credcheck_repair_grant", ctypes.byref(out), ctypes.byref(r))
        return out.value

    # -- 双公示 publication and reports ------------------------------------------------------------------

    def publication(self, *, as_of: Date | None = None, department: str | None = None, overdue_only: bool = True) -> list[dict]:
        q = _native.PublicationQuery(as_of=_date(as_of), department=_text(department), overdue_only=int(overdue_only))
        return self._json("credcheck_publication_status_json", ctypes.byref(q))

    def mark_published(self, department: str, document_no: str, *, published_on: Date | None = None) -> None:
        self._call("credcheck_publication_mark", _text(department), _text(document_no), _date(published_on))

    def export_publication_batch(self, path: str | os.PathLike, kind: str, *, on: Date | None = None, format: str = "csv") -> int:
        """Writes the day's 双公示 batch of "licenses" or "penalties"; returns the row count."""
        rows = ctypes.c_longlong()
        self._call_out("credcheck_publication_batch", ctypes.byref(rows), _code(_BATCH_KINDS, kind, "kind"), _date(on),
                       _code(_FORMATS, format, "format"), os.fsencode(path))
        return rows.value

    def export_public_list(self, path: str | os.PathLike, colour: str, *, as_of: Date | None = None, format: str = "csv") -> int:
        """Writes the "red" or "black" list entries in force for the credit website; returns the row count."""
        rows = ctypes.c_longlong()
        self._call_out("credcheck_publication_export_list", ctypes.byref(rows), _code(_COLOURS, colour, "colour"), _date(as_of),
                       _code(_FORMATS, format, "format"), os.fsencode(path))
        return rows.value

    # -- the audit trail ------------------------------------------------------------------------------

    def verify_audit(self) -> dict:
        """Recomputes the hash chain and checks the data against it: {"intact", "entries", "first_broken",
        "problem", "algorithm", "head", "rows_checked", "images", "data_problems", "data_problems_total"}."""
        return self._json("credcheck_audit_verify_json")

    def audit(self, *, subject: str | None = None, department: str | None = None, decision_id: str | None = None,
              start: Date | None = None, end: Date | None = None, limit: int = 1000) -> list[dict]:
        """Audit entries, the oldest `limit` first (a department reads its own)."""
        q = _native.AuditQuery(subject=_text(subject), department=_text(department), decision_id=_text(decision_id), limit=limit)
        setattr(q, "from", _date(start))
        q.to = _date(end)
        return self._json("credcheck_audit_entries_json", ctypes.byref(q))

    def report(self, start: Date, end: Date, *, department: str | None = None) -> list[dict]:
        """The periodic report, one dict per department."""
        return self._json("credcheck_report_json", _date(start), _date(end), _text(department))
