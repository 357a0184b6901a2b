"""``prepctl diff`` lists the past determinations a revision would change: the repository's
assessments determined under BASE and under HEAD, on a real git repository."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from helpers import FRAMEWORK, GIT_ENV, ROOT, GitRepo, Run

from prepctl.io import schemas

RunCli = Callable[..., Run]
CTF = "/categories/cybersecurity/evaluations/professional-ctf"
TRIGGER = f"{CTF}/trigger/value"
CYBER_FILE = "framework/categories/cybersecurity.yaml"
ATLAS = "assessments/meridian-atlas-3/2026-11-20.yaml"
LOWERED = "meridian-atlas-3, assessed 2026-11-20: cybersecurity High → below High under HEAD"
WHY = f"trigger of {CTF} raised 0.6 → 0.7 above its result 0.64"


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The shipped framework and its two assessments, committed."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    shutil.copytree(FRAMEWORK, git_repo.path / "framework")
    shutil.copytree(ROOT / "assessments", git_repo.path / "assessments")
    git_repo.commit("framework and assessments")
    monkeypatch.chdir(git_repo.path)
    return git_repo


def set_trigger(repo: GitRepo, old: str, new: str) -> None:
    path = repo.path / CYBER_FILE
    text = path.read_text(encoding="utf-8")
    marker = "professional-ctf\n"
    start = text.index(marker)
    at = text.index(f"value: {old}\n", start)
    path.write_text(text[:at] + f"value: {new}\n" + text[at + len(f"value: {old}\n") :])


def report(run: Run) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run.out)
    jsonschema.Draft202012Validator(schemas.bundle("diff-report")).validate(data)
    return data


def test_a_raised_trigger_above_a_past_result_lowers_its_determination_in_text(
    run_cli: RunCli, repo: GitRepo
) -> None:
    set_trigger(repo, "0.6", "0.7")
    run = run_cli("diff")
    assert run.code == 1, run.err  # the trigger change itself is an unjustified weakening
    lines = run.out.splitlines()
    assert "Past determinations HEAD changes: 2 (2 lowered)" in lines
    at = lines.index(f"  ▼ lowered  {LOWERED}")
    assert lines[at + 1 : at + 3] == [
        f"             {WHY}",
        f"             caused by weakening {TRIGGER} (no change record)",
    ]
    # and beside the change that causes it
    change = next(n for n, line in enumerate(lines) if line.endswith(f"modified  {TRIGGER}"))
    assert f"lowers {LOWERED}" in lines[change + 4]


def test_the_lowered_determination_is_in_markdown_beside_its_cause(
    run_cli: RunCli, repo: GitRepo
) -> None:
    set_trigger(repo, "0.6", "0.7")
    run = run_cli("diff", "-f", "markdown")
    assert run.code == 1, run.err
    assert "**Past determinations HEAD changes: 2 (2 lowered)**" in run.out
    row = next(line for line in run.out.splitlines() if "High → below High" in line)
    assert row.startswith("| 🔻 lowered | meridian-atlas-3, assessed 2026-11-20: cybersecurity")
    assert f"`{TRIGGER}` (weakening, **no change record**)" in row
    assert "raised 0.6 → 0.7 above its result 0.64" in row
    table_row = next(line for line in run.out.splitlines() if line.startswith("| 🔻 | "))
    assert "**lowers 2 past determinations**" in table_row


def test_the_lowered_determination_is_in_json(run_cli: RunCli, repo: GitRepo) -> None:
    set_trigger(repo, "0.6", "0.7")
    data = report(run_cli("diff", "-f", "json"))
    level = data["determinations"][0]
    assert level == {
        "assessment": ATLAS,
        "model": "meridian-atlas-3",
        "date": "2026-11-20",
        "category": "/categories/cybersecurity",
        "aspect": "level",
        "before": "high",
        "after": None,
        "lowered": True,
        "reasons": [WHY],
        "causes": [TRIGGER],
    }
    owed = data["determinations"][1]
    assert owed["aspect"] == "required safeguards"
    assert owed["after"] == []
    assert "/safeguards/weights-security-high" in owed["before"]
    assert owed["lowered"] is True


def test_a_lowered_determination_does_not_count_again_in_the_exit_code(
    run_cli: RunCli, repo: GitRepo
) -> None:
    set_trigger(repo, "0.6", "0.7")
    run = run_cli("diff", "--fail-on", "none")
    assert run.code == 0, run.err
    assert f"  ▼ lowered  {LOWERED}" in run.out


def test_a_lowered_trigger_reaching_a_past_result_is_a_change_not_a_lowering(
    run_cli: RunCli, repo: GitRepo
) -> None:
    set_trigger(repo, "0.6", "0.4")  # Beacon 1 scored 0.41
    data = report(run_cli("diff", "-f", "json"))
    beacon = [d for d in data["determinations"] if d["model"] == "meridian-beacon-1"]
    level = next(d for d in beacon if d["aspect"] == "level")
    assert (level["before"], level["after"], level["lowered"]) == (None, "high", False)
    assert level["reasons"] == [f"trigger of {CTF} lowered 0.6 → 0.4 below its result 0.41"]
    assert not any(d["lowered"] for d in data["determinations"])
    assert all(d["model"] != "meridian-atlas-3" for d in data["determinations"])


def test_a_revision_that_changes_no_determination_lists_none(
    run_cli: RunCli, repo: GitRepo
) -> None:
    set_trigger(repo, "0.6", "0.62")  # still below Atlas's 0.64, above Beacon's 0.41
    assert report(run_cli("diff", "-f", "json"))["determinations"] == []
    assert "Past determinations" not in run_cli("diff").out


def test_without_assessments_nothing_is_listed(run_cli: RunCli, repo: GitRepo) -> None:
    shutil.rmtree(repo.path / "assessments")
    set_trigger(repo, "0.6", "0.7")
    data = report(run_cli("diff", "-f", "json"))
    assert data["determinations"] == []
    assert data["changes"]
    assert "Past determinations" not in run_cli("diff").out
    assert "past determination" not in run_cli("diff", "-f", "markdown").out


def test_head_read_from_git_uses_the_working_trees_assessments(
    run_cli: RunCli, repo: GitRepo
) -> None:
    set_trigger(repo, "0.6", "0.7")
    repo.commit("raise the CTF trigger")
    data = report(run_cli("diff", "HEAD~1", "HEAD", "-f", "json"))
    assert [d["aspect"] for d in data["determinations"]] == ["level", "required safeguards"]


def test_a_bad_assessment_is_one_located_line(run_cli: RunCli, repo: GitRepo) -> None:
    (repo.path / ATLAS).write_text("model: [unclosed\n", encoding="utf-8")
    set_trigger(repo, "0.6", "0.7")
    run = run_cli("diff")
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith(f"prepctl: {ATLAS}:")
    assert len(run.err.splitlines()) == 1


def test_a_cut_markdown_report_keeps_lowered_determinations_before_the_change_list(
    run_cli: RunCli, repo: GitRepo
) -> None:
    set_trigger(repo, "0.6", "0.7")
    whole = run_cli("diff", "-f", "markdown", "--max-chars", "0").out
    cut = run_cli("diff", "-f", "markdown", "--max-chars", str(len(whole) - 200)).out
    assert len(cut) <= len(whole) - 200
    assert "| 🔻 lowered | meridian-atlas-3, assessed 2026-11-20: cybersecurity High" in cut
    assert "rows of the list of all changes" in cut


def test_a_level_inserted_below_the_one_reached_is_a_lowering(
    run_cli: RunCli, repo: GitRepo
) -> None:
    # HEAD adds a level under High and moves the cybersecurity High threshold to it: Atlas 3's
    # High becomes the new, lower level. Levels are placed in one version's order, not each in
    # its own (where both would stand first).
    manifest = repo.path / "framework/framework.yaml"
    text = manifest.read_text(encoding="utf-8")
    level = (
        "  - id: elevated\n    name: Elevated\n    meaning: >-\n"
        "      The model adds to existing risks short of High.\n"
    )
    manifest.write_text(
        text.replace("levels:\n  - id: high\n", f"levels:\n{level}  - id: high\n", 1)
    )
    cyber = repo.path / CYBER_FILE
    text = cyber.read_text(encoding="utf-8")
    assert text.count("    level: high\n") == 1
    cyber.write_text(text.replace("    level: high\n", "    level: elevated\n"))
    data = report(run_cli("diff", "-f", "json"))
    levels = [
        d
        for d in data["determinations"]
        if d["category"] == "/categories/cybersecurity" and d["aspect"] == "level"
    ]
    assert [(d["before"], d["after"], d["lowered"]) for d in levels] == [("high", "elevated", True)]
