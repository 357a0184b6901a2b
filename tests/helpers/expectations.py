"""What a lab's own account of a revision says changed, held against what ``prepctl diff``
finds between the two encodings (tests/fixtures/expectations/*.yaml).

An expectation file names the two fixtures and, for each change the account documents, the
address where it must show and the impacts that are right for it; it may also list the
weakenings the account does not mention that the diff finds (the "what the labs did not say"
table). See tests/fixtures/expectations/README.md for the format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import FIXTURES, ROOT
from prepctl.core import diff, document, source
from prepctl.core.diff import Change
from prepctl.io import yaml as yamlio

EXPECTATIONS = ROOT / "tests" / "fixtures" / "expectations"


@dataclass(frozen=True)
class Documented:
    change: str
    source: str
    address: str
    impacts: tuple[str, ...]
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expectation:
    path: Path
    base: str
    head: str
    account: str
    documented: tuple[Documented, ...]
    undocumented: tuple[str, ...]


def expectation_files() -> list[Path]:
    return sorted(EXPECTATIONS.glob("*.yaml"))


def read(path: Path) -> Expectation:
    data: Any = yamlio.parse(path.read_bytes(), str(path)).data
    documented = tuple(
        Documented(
            change=str(entry["change"]),
            source=str(entry["source"]),
            address=str(entry["address"]),
            impacts=tuple(entry["impacts"]),
            kinds=tuple(entry.get("kinds", ())),
        )
        for entry in data.get("documented", [])
    )
    undocumented = tuple(str(e["address"]) for e in data.get("undocumented-weakenings", []))
    return Expectation(
        path, str(data["base"]), str(data["head"]), str(data["account"]), documented, undocumented
    )


def compared(expectation: Expectation) -> list[Change]:
    base = document.load(source.read_directory(FIXTURES / expectation.base))
    head = document.load(source.read_directory(FIXTURES / expectation.head))
    return diff.compare(base, head)


def at(changes: list[Change], where: str) -> list[Change]:
    """The changes at an address or below it, on either side (a removal stands at its base
    address; a rename, split or merge names both)."""
    prefix = where.rstrip("/") + "/"
    return [
        change
        for change in changes
        if any(a == where or a.startswith(prefix) for a in change.addresses)
    ]
