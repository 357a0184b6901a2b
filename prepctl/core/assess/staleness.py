"""Assessments as lint sees them: each with the framework version it names, and the first
change between that version and the current one that touches what it assessed."""

from __future__ import annotations

from typing import NamedTuple

from prepctl.core import address
from prepctl.core.assess.frameworks import Framework, version_of
from prepctl.core.assess.reading import Assessment
from prepctl.core.assess.vocabulary import words
from prepctl.core.classify import Impact
from prepctl.core.document import Document
from prepctl.errors import PrepctlError


class Assessed(NamedTuple):
    """One assessment beside the framework, and the version it names (None: it names none
    that can be read, and ``problem`` says why)."""

    assessment: Assessment
    framework: Framework | None
    problem: PrepctlError | None = None


def concerned(assessment: Assessment) -> list[str]:
    """The addresses an assessment's determination reads: each category it has a result in,
    each safeguard it gives a status for, and the levels (their decision rules)."""
    w = words()
    categories = [
        address.join(address.join(address.ROOT, w.categories), address.split(r["evaluation"])[1])
        for r in assessment.results
        if len(address.split(r["evaluation"])) > 1
    ]
    safeguards = [status["safeguard"] for status in assessment.safeguards]
    return list(dict.fromkeys([*categories, *safeguards, w.levels]))


def first_affecting_change(assessed: Assessed, current: Document) -> str | None:
    """The address of the first change, from the version the assessment names to ``current``,
    that touches what it assessed; None when it names the current version or no such change
    exists (wording alone never counts)."""
    if assessed.framework is None:
        return None
    named = assessed.framework.document
    if version_of(named) == version_of(current):
        return None
    where = concerned(assessed.assessment)
    for at in _changed(named, current):
        if any(address.is_within(at, c) for c in where):
            return at
    return None


_CHANGED: dict[tuple[int, int], tuple[Document, Document, list[str]]] = {}
"""What changed from one version to another, by the two documents: the assessments made under
one version share one diff (the documents are kept, so that their ids stay theirs)."""


def _changed(named: Document, current: Document) -> list[str]:
    """The addresses of every change from ``named`` to ``current`` but wording alone, in the
    diff's order (a change's place in HEAD, then in BASE)."""
    key = (id(named), id(current))
    if key not in _CHANGED:
        from prepctl.core import diff  # only an assessment of another version is compared

        places = [
            at
            for change in diff.diff(named, current).changes
            if change.impact is not Impact.EDITORIAL
            for at in (change.address, change.base_address)
            if at is not None
        ]
        _CHANGED[key] = (named, current, places)
    return _CHANGED[key][2]
