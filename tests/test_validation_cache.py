"""Schema verdicts remembered between runs: a file found valid once is not validated again by
the same prepctl against the same schema bytes, and nothing else is ever taken on trust.

Which modules a run imports shows whether the validator was built (timings live in
benchmarks/run.py); every test also checks what the user sees.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import FRAMEWORK, ROOT

from prepctl.io import schemas, validator
from prepctl.io import yaml as yamlio

PROBE = """
import json, sys
sys.argv = ["prepctl", *sys.argv[1:]]
from prepctl.cli import main
try:
    code = main()
except SystemExit as done:
    code = done.code
print(json.dumps([code, "jsonschema_rs" in sys.modules]))
"""


def lint(framework: Path, cache: Path) -> tuple[int, bool, str]:
    """Exit code, whether the validator was loaded, and the report of ``prepctl lint``."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "lint", str(framework)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )
    *report, last = done.stdout.splitlines()
    code, loaded = json.loads(last)
    assert done.stderr == ""
    return code, loaded, "\n".join(report)


def remembered(cache: Path) -> list[Path]:
    return sorted((cache / "prepctl" / "valid").glob("*"))


def test_a_clean_lint_is_remembered_and_the_next_builds_no_validator(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = lint(FRAMEWORK, cache)
    assert first[:2] == (0, True)
    assert "no findings" in first[2]
    assert len(remembered(cache)) == 1
    assert lint(FRAMEWORK, cache) == (0, False, first[2])


def test_a_file_changed_since_is_validated_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    framework = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, framework)
    assert lint(framework, cache)[:2] == (0, True)
    path = framework / "categories" / "cybersecurity.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nstatus: ", "\nstatus: dormant\nx-old-status: ", 1))
    code, loaded, report = lint(framework, cache)
    assert (code, loaded) == (1, True)
    assert "cybersecurity.yaml" in report
    assert "error[schema]" in report
    # Still invalid the next time: only what the validator passed is remembered.
    assert lint(framework, cache)[:2] == (1, True)


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    for _ in range(2):
        code, loaded, report = lint(FRAMEWORK, blocked)
        assert (code, loaded) == (0, True)
        assert "no findings" in report


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
def test_verdicts_others_could_have_written_are_not_read(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    lint(FRAMEWORK, cache)
    (kept,) = remembered(cache)
    kept.chmod(0o666)
    assert lint(FRAMEWORK, cache)[:2] == (0, True)
    assert kept.stat().st_mode & 0o777 == 0o600  # written anew, for this user alone


def _fresh() -> None:
    for function in (
        schemas.source,
        schemas.bundle,
        validator._compiled,
        validator._stamp,
        validator._Verdicts.read,
    ):
        function.cache_clear()


def test_verdicts_belong_to_the_schema_bytes_they_were_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied = tmp_path / "schemas"
    shutil.copytree(schemas.directory(), copied)
    monkeypatch.setattr(schemas, "directory", lambda: copied)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    guard = FRAMEWORK / "safeguards" / "alignment-safety-case.yaml"
    data: Any = yamlio.parse(guard.read_bytes(), guard.name).data
    _fresh()
    try:
        assert validator.all_valid([("safeguard", data)]) == [True]
        assert validator.all_valid([("safeguard", data)]) == [True]  # remembered
        path = copied / "safeguard.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema["properties"]["name"] = {"type": "string", "maxLength": 5}
        path.write_text(json.dumps(schema), encoding="utf-8")
        _fresh()
        assert validator.all_valid([("safeguard", data)]) == [False]
    finally:
        monkeypatch.undo()
        _fresh()


def test_verdicts_of_older_versions_are_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    folder = cache / "prepctl" / "valid"
    folder.mkdir(parents=True, mode=0o700)
    old = [folder / f"old-{n}" for n in range(6)]
    for age, path in enumerate(old):
        path.write_text("")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))  # old[0] is the newest
    assert lint(FRAMEWORK, cache)[:2] == (0, True)
    kept = [path for path in remembered(cache) if not path.name.startswith("old-")]
    assert len(kept) == 1
    assert remembered(cache) == sorted([*old[: validator._OTHERS_KEPT], *kept])


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
def test_a_verdict_folder_others_could_write_is_neither_read_nor_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    folder = cache / "prepctl" / "valid"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    old = [folder / f"old-{n}" for n in range(6)]
    for path in old:
        path.write_text("")
    for _ in range(2):
        assert lint(FRAMEWORK, cache)[:2] == (0, True)
    assert remembered(cache) == old
