"""The wheel carries the schemas, so an installed prepctl works outside this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from helpers import FRAMEWORK, ROOT


def test_wheel_contains_every_schema(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for schema in sorted((ROOT / "schemas").glob("*.schema.json")):
        assert f"prepctl/_schemas/{schema.name}" in names
    assert "prepctl/cli.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "prepctl = prepctl.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_lints_a_framework_anywhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FRAMEWORK, elsewhere / "framework")
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import prepctl.io.schemas as s; print(s.directory())"],
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


def test_wheel_carries_the_licence(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    licences = [name for name in names if name.endswith("licenses/LICENSE")]
    assert licences, names
    text = zipfile.ZipFile(wheel).read(licences[0]).decode()
    assert "Apache License" in text
    assert "Version 2.0, January 2004" in text


def test_sdist_runs_its_own_tests(tmp_path: Path) -> None:
    """The unpacked sdist holds every file its tests read (docs, hooks, the lock, the licence)."""
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--target", "sdist", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (sdist,) = out.glob("prepctl-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (top,) = (tmp_path / "unpacked").iterdir()
    for needed in ("LICENSE", "requirements.lock", ".pre-commit-hooks.yaml", "docs/rules.md"):
        assert (top / needed).is_file(), needed
    env = {**os.environ, "PYTHONPATH": str(top)}
    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not slow",
            "tests/test_rules.py",
            "tests/test_init.py",
            "tests/test_schemas.py",
        ],
        cwd=top,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-3000:]
    # The tests imported the unpacked copy, not the checkout.
    where = subprocess.run(
        [sys.executable, "-c", "import prepctl; print(prepctl.__file__)"],
        cwd=top,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(str(top))
