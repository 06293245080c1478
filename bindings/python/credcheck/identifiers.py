"""Identifier checks: which kind of code a string is, or why it is none."""

from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass

from . import _native

_STRICT = 0x1
_NO_NORMALIZE = 0x2
_UNMASKED = 0x4


class IdentifierKind(enum.IntEnum):
    NONE = 0
    USCC = 1
    ORG_CODE = 2
    REGISTRATION_NO = 3
    CITIZEN_ID = 4


@dataclass(frozen=True)
class Identification:
    input: str
    kind: IdentifierKind
    normalized: str | None
    error: str | None
    error_position: int | None
    closest_kind: IdentifierKind

    @property
    def valid(self) -> bool:
        return self.kind is not IdentifierKind.NONE


def identify(text: str, *, strict: bool = True, normalize: bool = True, unmask: bool = False) -> Identification:
    """Check `text` as any identifier. A citizen ID number comes back masked unless `unmask`."""
    out = _native.Identity(size=ctypes.sizeof(_native.Identity))
    flags = (_STRICT if strict else 0) | (0 if normalize else _NO_NORMALIZE) | (_UNMASKED if unmask else 0)
    status = _native.lib.credcheck_identify(ctypes.byref(out), text.encode("utf-8"), flags)
    if status not in (0, 2):
        from .errors import error_for

        raise error_for(status, _native.last_error())
    valid = status == 0
    return Identification(
        input=text,
        kind=IdentifierKind(out.kind),
        normalized=out.normalized.decode("utf-8") if valid else None,
        error=None if valid else out.error.decode("utf-8"),
        error_position=None if valid else out.error_position,
        closest_kind=IdentifierKind(out.closest_kind),
    )


def is_valid(text: str, *, strict: bool = True) -> bool:
    return identify(text, strict=strict).valid
