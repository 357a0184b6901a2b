"""What a rule receives and what it yields; re-exported by :mod:`prepctl.rules`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from prepctl.core.document import Document, Location

if TYPE_CHECKING:
    from prepctl.core.compliance import IssueKind
    from prepctl.core.suppression import Suppression


class Problem(NamedTuple):
    """What a rule reports: an address, a message, and optionally a more exact location than
    the address's own (a reference is reported where it is written)."""

    address: str
    message: str
    location: Location | None = None


class Context(NamedTuple):
    """What a rule may know besides the document: the date it runs on, its own options,
    (for rules that run after suppressions) the inline suppressions and the rules that ran, and
    (with ``prepctl lint --against REF``) the version at REF to compare with; rules that do not
    compare versions ignore ``base``."""

    today: date
    options: Mapping[str, Any] = MappingProxyType({})
    suppressions: tuple[Suppression, ...] = ()
    ran: frozenset[str] = frozenset()
    base: Document | None = None
    # The compliance profile files the configuration adds ([tool.prepctl.compliance]).
    profiles: tuple[Path, ...] = ()


def suggest(word: str, choices: list[str]) -> str | None:
    """The closest of ``choices`` to a mistyped ``word``, if one is close."""
    import difflib  # only a mistake needs a suggestion

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def coverage_check(kind: IssueKind) -> Callable[[Document, Context], Iterator[Problem]]:
    """The ``check`` of a compliance rule: the coverage issues of one kind, where they are
    (one analysis a run, shared by the compliance rules)."""

    def check(document: Document, context: Context) -> Iterator[Problem]:
        from prepctl.core import compliance

        coverage = compliance.for_lint(document, context.profiles)
        for issue in coverage.issues if coverage is not None else ():
            if issue.kind is kind:
                yield Problem(issue.address, issue.message, issue.location)

    return check
