"""The framework version an assessment names, and the check that what it names is there.

An assessment names the version it was made under: a release tag (``framework-v1.0.0``) is
read from git, as ``diff`` reads a ref; a bare version (``1.0.0``) is read from its release tag
(the configured prefix and the version) when the repository has one, else from the working
tree's framework when that is its version. Anything else is a located error: the assessment
would be determined against a framework it was not made under.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prepctl.core import address, meaning, spelling
from prepctl.core.assess.reading import Assessment
from prepctl.core.assess.vocabulary import words
from prepctl.core.document import Document

_VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+")


@dataclass(frozen=True)
class Framework:
    document: Document
    source: str
    """Where it was read from, in words (a tag, the working tree, --against)."""


def version_of(document: Document) -> str:
    key = address.split(meaning.release_field(meaning.RELEASE_VERSION))[0]
    return str(document.data.get(key, ""))


@dataclass
class Versions:
    """The framework versions of one run, each read once.

    ``working`` loads the working tree's framework (or None outside one); ``tagged`` loads the
    framework at a tag; ``tags`` lists the repository's tags (empty outside a repository)."""

    working: Callable[[], Document | None]
    tagged: Callable[[str], Document]
    tags: Callable[[], list[str]]
    prefix: str
    working_label: str
    against: Framework | None = None
    _cache: dict[str, Framework] = field(default_factory=dict)

    def of(self, assessment: Assessment) -> Framework:
        if self.against is not None:
            return self.against
        named = assessment.framework
        if named not in self._cache:
            self._cache[named] = self._resolve(assessment)
        return self._cache[named]

    def _resolve(self, assessment: Assessment) -> Framework:
        named = assessment.framework
        known = self.tags()
        candidates = [named]
        if _VERSION.match(named):
            candidates.insert(0, self.prefix + named)
        for tag in candidates:
            if tag in known:
                return Framework(self.tagged(tag), f"release tag {tag}")
        working = self.working()
        version = version_of(working) if working is not None else None
        if working is not None and version == named.removeprefix(self.prefix):
            return Framework(working, f"the working tree ({self.working_label}/)")
        hint = f" (did you mean '{close}'?)" if (close := spelling.closest(named, known)) else ""
        here = f"; the working tree's framework is version {version}" if version else ""
        raise assessment.error(
            ("framework",),
            f"framework version '{named}' names no release tag in this repository{hint}{here}",
        )


def check_references(assessment: Assessment, framework: Framework) -> None:
    """Every evaluation, safeguard and governance body the assessment names exists in the
    framework version it is read against; the first one that does not is a located error."""
    for path, _, problem in unknown_references(assessment, framework):
        raise assessment.error(path, problem)


Reference = tuple[tuple[str | int, ...], str, str]
"""Where in the assessment a reference stands, what it names and what is wrong with it."""


def unknown_references(assessment: Assessment, framework: Framework) -> Iterator[Reference]:
    """Each evaluation, safeguard and governance body the assessment names that the framework
    version it is read against does not have."""
    w = words()
    document = framework.document
    in_version = f"framework {version_of(document)} ({framework.source})"
    for index, result in enumerate(assessment.results):
        where = result["evaluation"]
        segments = address.split(where)
        if (
            len(segments) != 4
            or segments[0] != w.categories
            or segments[2] != w.evaluations
            or not isinstance(document.get(where), dict)
        ):
            yield (
                ("results", index, "evaluation"),
                where,
                f"unknown evaluation {where}: {in_version} has no such evaluation"
                + _suggest(where, _evaluations(document)),
            )
    for index, status in enumerate(assessment.safeguards):
        where = status["safeguard"]
        if address.parent(where) != w.safeguards or not isinstance(document.get(where), dict):
            yield (
                ("safeguards", index, "safeguard"),
                where,
                f"unknown safeguard {where}: {in_version} has no such safeguard"
                + _suggest(where, _items(document, w.safeguards)),
            )
    yield from _unknown_bodies(assessment, document, in_version)


def _unknown_bodies(
    assessment: Assessment, document: Document, in_version: str
) -> Iterator[Reference]:
    decision = meaning.root("assessment").entry("decision")
    for key in decision.properties() if decision is not None else []:
        entry = decision.entry(key) if decision is not None else None
        if entry is None:
            continue
        items = entry.items() if "items" in entry.schema else None
        target = entry.reference or (items.reference if items is not None else None)
        if target is None:
            continue
        value: Any = assessment.decision.get(key)
        named = value if isinstance(value, list) else [value] if value is not None else []
        for position, name in enumerate(named):
            where = address.join(target, str(name))
            if not isinstance(document.get(where), dict):
                path: tuple[str | int, ...] = ("decision", key)
                if isinstance(value, list):
                    path = (*path, position)
                yield (
                    path,
                    where,
                    f"unknown body '{name}': {in_version} has no such body in {target}"
                    + _suggest(str(name), _ids(document, target)),
                )


def _suggest(name: str, known: list[str]) -> str:
    close = spelling.closest(name, known)
    return f" (did you mean {close}?)" if close else ""


def _ids(document: Document, where: str) -> list[str]:
    found = document.get(where)
    return (
        [str(i.get("id")) for i in found if isinstance(i, dict)] if isinstance(found, list) else []
    )


def _items(document: Document, where: str) -> list[str]:
    return [address.join(where, name) for name in _ids(document, where)]


def _evaluations(document: Document) -> list[str]:
    w = words()
    found: list[str] = []
    for category in _items(document, address.join(address.ROOT, w.categories)):
        found.extend(_items(document, address.join(category, w.evaluations)))
    return found


def working_tree(folder: Path | None) -> Callable[[], Document | None]:
    """A loader of the working tree's framework at ``folder`` (None: there is none)."""
    loaded: list[Document | None] = []

    def load() -> Document | None:
        if not loaded:
            from prepctl.core import document, source

            loaded.append(document.load(source.read_directory(folder)) if folder else None)
        return loaded[0]

    return load
