"""What the labs said changed, against what ``prepctl diff`` finds: one Markdown table row per
revision expectation in tests/fixtures/expectations/.

    python benchmarks/revisions.py

For each revision (base → head): how many changes the lab's own account documents, how many
of them the diff finds at the right address in a right direction, how many changes the diff
finds in all, how many of those are weakenings, and how many weakenings the account does not
mention (the file's ``undocumented-weakenings``). The expectation format is described in
tests/fixtures/expectations/README.md; tests/test_expectations.py holds each file to the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from prepctl.core import diff, document, source
from prepctl.core.diff import Change
from prepctl.io import yaml as yamlio

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "frameworks"
EXPECTATIONS = ROOT / "tests" / "fixtures" / "expectations"

HEADER = (
    "| revision | documented | found by the diff | changes found | weakenings found "
    "| weakenings not in the account |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: |"
)


def _at(changes: list[Change], where: str) -> list[Change]:
    prefix = where.rstrip("/") + "/"
    return [c for c in changes if any(a == where or a.startswith(prefix) for a in c.addresses)]


def _found(changes: list[Change], entry: dict[str, Any]) -> bool:
    """The diff reports the documented change at its address with a right impact (and kind),
    and nothing there in the opposite direction."""
    impacts = set(entry["impacts"])
    kinds = set(entry.get("kinds", ()))
    here = _at(changes, str(entry["address"]))
    right = any(c.impact.value in impacts and (not kinds or c.kind.value in kinds) for c in here)
    opposite = {"weakening": "strengthening", "strengthening": "weakening"}
    wrong = {opposite[i] for i in impacts if i in opposite} - impacts
    exact = [c for c in here if c.address == entry["address"]]
    return right and not any(c.impact.value in wrong for c in exact)


def row(path: Path) -> str:
    data: Any = yamlio.parse(path.read_bytes(), str(path)).data
    base, head = str(data["base"]), str(data["head"])
    changes = diff.compare(
        document.load(source.read_directory(FIXTURES / base)),
        document.load(source.read_directory(FIXTURES / head)),
    )
    documented = data.get("documented") or []
    found = sum(_found(changes, entry) for entry in documented)
    weakenings = sum(c.impact.value == "weakening" for c in changes)
    undocumented = len(data.get("undocumented-weakenings") or [])
    return (
        f"| {base} → {head} | {len(documented)} | {found} | {len(changes)} | {weakenings} "
        f"| {undocumented} |"
    )


def main() -> int:
    print(HEADER)
    for path in sorted(EXPECTATIONS.glob("*.yaml")):
        print(row(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
