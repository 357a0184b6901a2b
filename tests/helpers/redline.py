"""Two versions for redline tests: HEAD drops a safeguard (with a change record) and adds an
evaluation, both with hostile names."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from helpers import FRAMEWORK
from helpers.render import HOSTILE_NAME, SCRIPT, TEMPLATE, _edit

CYBER = "/categories/cybersecurity"


REMOVED_SAFEGUARD = f"{CYBER}/thresholds/high/safeguards/usage-monitoring"


ADDED_EVALUATION = f"{CYBER}/evaluations/novel-exploit-benchmark"


RATIONALE = "Classifier v3 covers the same ground; see <b>evaluation report</b> 2027-01."


RECORD = f"""id: 2027-01-cyber-monitoring
title: Drop usage monitoring at High cyber
covers:
  - {REMOVED_SAFEGUARD}
rationale: "{RATIONALE}"
approved-by:
  - safety-advisory-group
  - leadership
approved-on: 2027-01-10
"""


def pair(tmp_path: Path) -> tuple[Path, Path]:
    """BASE and HEAD: HEAD drops a safeguard from a threshold (with a change record), adds an
    evaluation with a hostile name, drops an evaluation whose name BASE made hostile, turns a
    'must' into 'should', and changes a field the document does not show in place."""
    base, head = tmp_path / "base" / "framework", tmp_path / "head" / "framework"
    shutil.copytree(FRAMEWORK, base)

    def hostile_removed(data: dict[str, Any]) -> None:
        evaluation = next(e for e in data["evaluations"] if e["id"] == "operator-uplift-study")
        evaluation["name"] = HOSTILE_NAME
        evaluation["measures"] = f"Removed {SCRIPT} {TEMPLATE} measures ~~x~~ **y**."

    _edit(base / "categories" / "cybersecurity.yaml", hostile_removed)
    shutil.copytree(base, head)

    def category(data: dict[str, Any]) -> None:
        data["thresholds"][0]["safeguards"].remove("usage-monitoring")
        data["evaluations"] = [
            e for e in data["evaluations"] if e["id"] != "operator-uplift-study"
        ] + [
            {
                "id": "novel-exploit-benchmark",
                "name": f"Added {SCRIPT} {TEMPLATE} benchmark",
                "measures": f"Whether {SCRIPT} the model {TEMPLATE} exploits.",
                "method": "automated",
                "thresholds": ["high"],
            }
        ]
        data["sources"].append("CERT advisory 2027-01")

    def manifest(data: dict[str, Any]) -> None:
        high = data["levels"][0]
        high["response"] = high["response"].replace(
            "Security safeguards must be", "Security safeguards should be"
        )

    _edit(head / "categories" / "cybersecurity.yaml", category)
    _edit(head / "framework.yaml", manifest)
    (head / "changes" / "2027-01-cyber-monitoring.yaml").write_text(RECORD)
    return base, head
