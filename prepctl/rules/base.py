"""What a rule receives and what it yields; re-exported by :mod:`prepctl.rules`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from prepctl.core.document import Document, Location
from prepctl.core.finding import Severity

if TYPE_CHECKING:
    from prepctl.core.assess.staleness import Assessed
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
    # Every rule id prepctl knows (the schema and YAML rules' first), and those of the rules
    # that run after suppressions: for the rules about suppressions.
    known: tuple[str, ...] = ()
    after_suppressions: frozenset[str] = frozenset()
    # The assessments beside the framework (in assessments/), each with the version it names.
    assessments: tuple[Assessed, ...] = ()


class RuleInfo(NamedTuple):
    id: str
    severity: Severity
    summary: str
    documentation: str
    options: Mapping[str, Any] = MappingProxyType({})


SCHEMA_RULE = RuleInfo(
    id="schema",
    severity=Severity.ERROR,
    summary="Every file matches its JSON Schema.",
    documentation=(
        "Every file matches its JSON Schema.\n\n"
        "Every framework file is validated against its schema (`prepctl schema NAME`): "
        "required keys, allowed keys, types, formats of ids, dates and versions, and allowed "
        "values. Each error is reported at the line and column of the offending value.\n\n"
        "Schema errors cannot be suppressed or turned off: the other rules, `diff` and "
        "`render` rely on the structure the schema promises. The other rules still run on a "
        "file with schema errors, skipping what they cannot read."
    ),
)

YAML_RULE = RuleInfo(
    id="yaml",
    severity=Severity.ERROR,
    summary="Every file can be read as YAML.",
    documentation=(
        "Every file can be read as YAML.\n\n"
        "A framework file that prepctl cannot read is reported where reading stopped: a "
        "syntax error, a duplicate key, a tab used for indentation, an encoding other than "
        "UTF-8, a tag prepctl does not read (such as `!!python/object`), a file over a size "
        "or nesting limit, or something that is not a file at all (a folder, a named pipe, a "
        "symbolic link leaving the framework).\n\n"
        "`prepctl lint` reports every such file, then checks the files it could read against "
        "their schemas; the other rules need the whole framework, so they do not run on a "
        "framework with an unreadable file, and the summary says so. Such a run exits 2, as "
        "every command does for input it cannot read (the other commands stop at the first "
        "such file with one line on standard error). Like schema errors, these cannot be "
        "suppressed or turned off."
    ),
)


def suggest(word: str, choices: list[str]) -> str | None:
    """The closest of ``choices`` to a mistyped ``word``, if one is close."""
    from prepctl.core import spelling

    return spelling.closest(word, choices)


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
