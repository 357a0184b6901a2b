"""`make demo`'s revision walk-through (scripts/demo.sh) runs against the shipped framework and
shows the gate stopping, then passing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_catches_two_weakenings_then_passes_once_they_are_justified() -> None:
    prepctl = shutil.which("prepctl", path=str(Path(sys.executable).parent))
    assert prepctl is not None
    run = subprocess.run(
        ["sh", str(ROOT / "scripts" / "demo.sh"), prepctl],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    before, after = run.stdout.split("$ prepctl record --from-diff")
    assert "2 weakening (2 unjustified) · exit 1" in before
    assert "force lowered from binding to permissive" in before
    assert (
        "removed   /categories/cybersecurity/thresholds/high/safeguards/usage-monitoring" in before
    )
    assert after.count("justified by framework/changes/demo-cyber-access.yaml") == 2
    assert "2 weakening · exit 0" in after
    assert "NOT JUSTIFIED" not in after
