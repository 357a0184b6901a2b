"""benchmarks/revisions.py prints one table row per revision expectation."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT
from helpers.expectations import expectation_files, read


def test_the_table_has_a_row_per_expectation_file() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "revisions.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| revision | documented |")
    rows = [line for line in lines[2:] if line.startswith("| ")]
    expectations = [read(path) for path in expectation_files()]
    assert len(rows) == len(expectations)
    for line, expectation in zip(rows, expectations, strict=True):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[0] == f"{expectation.base} → {expectation.head}"
        documented, found, changes, weakenings, undocumented = map(int, cells[1:])
        assert documented == len(expectation.documented)
        # tests/test_expectations.py holds every documented change to the diff.
        assert found == documented
        assert undocumented == len(expectation.undocumented)
        assert changes >= weakenings >= undocumented
