"""Identifier checks: which kind of code a string is, or why it is none."""

from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass

from . import _native



class IdentifierKind(enum.IntEnum):
    NONE = _native.CREDCHECK_ID_NONE
    USCC = _native.CREDCHECK_ID_USCC
    ORG_CODE = _native.CREDCHECK_ID_ORG_CODE
    REGISTRATION_NO = _native.CREDCHECK_ID_REGISTRATION_NO
    CITIZEN_ID = _native.CREDCHECK_ID_CITIZEN_ID
    TAX_REGISTRATION_NO = _native.CREDCHECK_ID_TAX_REGISTRATION_NO
    TAXPAYER_NO = _native.CREDCHECK_ID_TAXPAYER_NO
    REGISTRATION_NO_13 = _native.CREDCHECK_ID_REGISTRATION_NO_13
    FOREIGN_REGISTRATION_NO = _native.CREDCHECK_ID_FOREIGN_REGISTRATION_NO


#: What normalisation can change in a code, by the name Identification.changes uses.
_CHANGES = (("spaces", _native.CREDCHECK_NORMALIZED_SPACES), ("hyphens", _native.CREDCHECK_NORMALIZED_HYPHENS),
            ("full_width", _native.CREDCHECK_NORMALIZED_FULL_WIDTH), ("lower_case", _native.CREDCHECK_NORMALIZED_LOWER_CASE),
            ("apostrophe", _native.CREDCHECK_NORMALIZED_APOSTROPHE), ("quotes", _native.CREDCHECK_NORMALIZED_QUOTES))


@dataclass(frozen=True)
class Identification:
    input: str
    kind: IdentifierKind
    normalized: str | None
    error: str | None
    error_position: int | None
    closest_kind: IdentifierKind
    #: What normalisation changed: "spaces", "hyphens", "full_width", "lower_case", "apostrophe", "quotes".
    changes: tuple[str, ...] = ()
    #: A masked code from a published list (9114082306****333G): it cannot identify a subject.
    masked: bool = False
    #: What to know of a valid code (a 13-digit registration number is checked by shape only), or "".
    note: str = ""

    @property
    def valid(self) -> bool:
        return self.kind is not IdentifierKind.NONE


def identify(text: str, *, strict: bool = True, normalize: bool = True, unmask: bool = False) -> Identification:
    """Check `text` as any identifier. A citizen ID number comes back masked unless `unmask`. `strict`
    (the default, as in C++, C and the command line) also checks a USCC's authority/category pair and
    embedded organisation code."""
    out = _native.Identity()
    flags = ((0 if strict else _native.CREDCHECK_IDENTIFY_LENIENT) | (0 if normalize else _native.CREDCHECK_IDENTIFY_NO_NORMALIZE) |
             (_native.CREDCHECK_IDENTIFY_UNMASKED if unmask else 0))
    status = _native.lib.credcheck_identify(ctypes.byref(out), text.encode("utf-8"), flags)
    if status not in (_native.CREDCHECK_OK, _native.CREDCHECK_INVALID_IDENTIFIER):
        from .errors import error_for

        raise error_for(status, _native.last_error())
    valid = status == _native.CREDCHECK_OK
    return Identification(
        input=text,
        kind=IdentifierKind(out.kind),
        normalized=out.normalized.decode("utf-8") if valid else None,
        error=None if valid else out.error.decode("utf-8"),
        error_position=None if valid else out.error_position,
        closest_kind=IdentifierKind(out.closest_kind),
        changes=tuple(name for name, bit in _CHANGES if out.changes & bit),
        masked=bool(out.masked),
        note=(out.note or b"").decode("utf-8"),
    )


def is_valid(text: str, *, strict: bool = True) -> bool:
    return identify(text, strict=strict).valid
