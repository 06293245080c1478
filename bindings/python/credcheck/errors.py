"""The exception hierarchy, one class per pinned C status code."""

from __future__ import annotations


class CredcheckError(Exception):
    """Base of every error credcheck raises. `status` is the C status code, when there is one."""

    status: int | None = None

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


class LibraryNotFoundError(CredcheckError, ImportError):
    """libcredcheck could not be loaded; the message lists every path tried."""


class VersionMismatchError(CredcheckError, ImportError):
    """The loaded library speaks another C ABI version than this package."""


class InvalidArgumentError(CredcheckError, ValueError):
    status = 1


class InvalidIdentifierError(CredcheckError, ValueError):
    status = 2


class NotFoundError(CredcheckError, LookupError):
    status = 3


class IOError_(CredcheckError, OSError):  # noqa: N801 - avoid shadowing the builtin
    status = 4


class DatabaseError(CredcheckError):
    status = 5


class SchemaTooNewError(DatabaseError):
    status = 6


class ImportRejectedError(CredcheckError):
    status = 7


class CatalogInvalidError(CredcheckError):
    status = 8


class PermissionDeniedError(CredcheckError, PermissionError):
    status = 9


class ConflictError(CredcheckError):
    status = 10


class CalendarNotCoveredError(CredcheckError):
    status = 11


class BusyError(DatabaseError):
    status = 12


class InternalError(CredcheckError):
    status = 14


class MisuseError(CredcheckError):
    status = 15


class StructTooNewError(CredcheckError):
    """A struct from a newer header set fields this library does not know: use a newer libcredcheck."""

    status = 16


class FeedRefusedError(CredcheckError):
    """A feed file failed verification (signature, chain, sequence, expiry, content digest): nothing
    was applied; the message names the file and the reason."""

    status = 17


_BY_STATUS = {
    cls.status: cls
    for cls in (
        InvalidArgumentError, InvalidIdentifierError, NotFoundError, IOError_, DatabaseError,
        SchemaTooNewError, ImportRejectedError, CatalogInvalidError, PermissionDeniedError,
        ConflictError, CalendarNotCoveredError, BusyError, InternalError, MisuseError, StructTooNewError, FeedRefusedError,
    )
}


def error_for(status: int, message: str) -> CredcheckError:
    """The exception for a C status code; MemoryError for out-of-memory."""
    if status == 13:
        raise MemoryError(message)
    return _BY_STATUS.get(status, CredcheckError)(message, status)
