"""The wheel carries the schemas, so an installed prepctl works outside this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import FRAMEWORK, ROOT


def test_wheel_contains_every_schema(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for schema in sorted((ROOT / "schemas").glob("*.schema.json")):
        assert f"prepctl/_schemas/{schema.name}" in names
    assert "prepctl/cli.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "prepctl = prepctl.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_lints_a_framework_anywhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FRAMEWORK, elsewhere / "framework")
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import prepctl.schemas as s; print(s.directory())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip() == str(site / "prepctl" / "_schemas")
    lint = subprocess.run(
        [sys.executable, "-m", "prepctl", "lint"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert lint.stdout.startswith("no findings in ")
