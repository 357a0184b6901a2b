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
    # How many findings with the same rule, address and message (numbers aside) come before
    # this one in the same run, in file and position order: what tells apart two findings of
    # one kind about one thing (lint numbers them; see :func:`prepctl.lint.engine.number`).
    occurrence: int = 0

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    def kind(self) -> tuple[str, str, str]:
        """What the finding is, wherever it stands: its rule, address and message, with every
        number in the message left out (a count of days since a review grows by itself)."""
        import re

        return (self.rule, self.address, re.sub("[0-9]+", "#", self.message))

    @property
    def fingerprint(self) -> str:
        """Stable across edits elsewhere in the file and across time: it ignores line, column
        and the numbers in the message, and tells findings of one kind apart by occurrence."""
        import hashlib  # only the machine-readable reports need it

        parts = [*self.kind(), *([str(self.occurrence)] if self.occurrence else [])]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
