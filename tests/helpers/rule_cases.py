"""The data-driven rule cases in tests/rules/: each laid over the minimal framework."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import ROOT

RULE_CASES = ROOT / "tests" / "rules"


MINIMAL = RULE_CASES / "minimal"


def build(case: Path, target: Path) -> Path:
    """The minimal framework with the case's files laid over it (except those in base/, named/
    and assessments/)."""
    shutil.copytree(MINIMAL, target)
    for file in case.rglob("*.yaml"):
        if file.relative_to(case).parts[0] in ("base", "named", "assessments"):
            continue
        destination = target / file.relative_to(case)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, destination)
    return target
