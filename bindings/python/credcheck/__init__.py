"""credcheck — the mandatory credit check (应查必查), from Python, through libcredcheck's C ABI.

The shared library is found through $CREDCHECK_LIBRARY, then this package's folder, then a build
tree beside the sources, then the system; on failure the error lists every path tried.
"""

from __future__ import annotations

from . import _native
from .errors import *  # noqa: F401,F403 - the exception hierarchy is part of the package's API
from .database import (AppliedMeasure, Basis, Database, Decision, Effect, ImportReport, Principal, Receipt, ReplicaStatus, Source, Verdict,
                       Via, init_replica)
from .identifiers import Identification, IdentifierKind, identify, is_valid

__all__ = [
    "AppliedMeasure", "Basis", "Database", "Decision", "Effect", "Identification", "IdentifierKind", "ImportReport", "Principal", "Receipt",
    "ReplicaStatus", "Source", "init_replica",
    "Verdict", "Via", "identify", "is_valid", "library_version", "__version__",
]


def library_version() -> str:
    """The version of the loaded libcredcheck, e.g. "0.1.0"."""
    return _native.lib.credcheck_libversion().decode("ascii")


__version__ = library_version()
