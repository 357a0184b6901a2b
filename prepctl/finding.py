"""Findings: what lint reports, as small immutable records."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Finding(NamedTuple):
    """One problem at one place. Lines and columns are 1-based."""

    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    address: str
    message: str
    # A suppressed finding says why: the reason written beside its inline suppression, or
    # which configuration file ignores it at this address (then ``by_configuration``).
    reason: str | None = None
    by_configuration: bool = False

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    @property
    def fingerprint(self) -> str:
        """Stable across edits elsewhere in the file: it ignores line and column."""
        import hashlib  # only the machine-readable reports need it

        text = "\x1f".join((self.rule, self.address, self.message))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
