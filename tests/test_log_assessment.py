"""``prepctl log PATH``: the history of an assessment file, or of a model's folder of them, in a
real repository: each commit's changes in words, keyed by evaluation and safeguard."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import GitRepo, Run

FILE = "assessments/meridian-atlas-3/2026-11-20.yaml"
OTHER = "assessments/meridian-atlas-3/2026-12-01.yaml"
CTF = "/categories/cybersecurity/evaluations/professional-ctf"

RECORDED = """\
model:
  id: meridian-atlas-3
  name: Meridian Atlas 3
  checkpoint: atlas-3-rc1
framework: 1.0.0
date: 2026-11-20
results:
  - evaluation: /categories/cybersecurity/evaluations/professional-ctf
    value: 0.58
    uncertainty: 0.03
  - evaluation: /categories/biological-chemical/evaluations/protocol-troubleshooting
    value: 0.42
safeguards:
  - safeguard: /safeguards/usage-monitoring
    status: in-progress
  - safeguard: /safeguards/misuse-classifiers
    status: implemented
decision:
  stage: internal-deployment
  outcome: hold
  decided-by: safety-advisory-group
  date: 2026-11-21
  rationale: Wait for the monitoring to be finished before any deployment of the model.
"""


def _write(repo: GitRepo, path: str, text: str) -> None:
    target = repo.path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


@pytest.fixture
def history(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Three commits: the assessment recorded; a result and a safeguard status changed (and the
    results reordered, which changes nothing); the decision and the checkpoint changed."""
    commits = {}
    _write(git_repo, FILE, RECORDED)
    commits["record"] = git_repo.commit("record", "2026-11-20T10:00:00+00:00")
    second = (
        RECORDED.replace("value: 0.58", "value: 0.64")
        .replace("status: in-progress", "status: implemented")
        .replace(
            "uncertainty: 0.03\n", "uncertainty: 0.03\n    evidence: https://example.com/ctf\n"
        )
    )
    results = second.split("results:\n")[1].split("safeguards:\n")[0]
    first, rest = results.split("  - evaluation: /categories/bio")
    second = second.replace(results, "  - evaluation: /categories/bio" + rest + first)
    _write(git_repo, FILE, second)
    commits["results"] = git_repo.commit("results", "2026-11-22T10:00:00+00:00")
    third = (
        second.replace("stage: internal-deployment", "stage: external-deployment")
        .replace("outcome: hold", "outcome: proceed")
        .replace("Wait for the monitoring", "Monitoring is in place; proceed with")
        .replace("checkpoint: atlas-3-rc1", "checkpoint: atlas-3-rc2")
        .replace("  rationale:", "  approvals:\n    - leadership\n  rationale:")
    )
    _write(git_repo, FILE, third)
    commits["decision"] = git_repo.commit("decision", "2026-11-25T10:00:00+00:00")
    monkeypatch.chdir(git_repo.path)
    return {name: git_repo.git("rev-parse", "--short", sha) for name, sha in commits.items()}


def test_the_history_of_an_assessment_in_words(
    history: dict[str, str], run_cli: Callable[..., Run]
) -> None:
    done = run_cli("log", FILE)
    assert (done.code, done.err) == (0, "")
    assert done.out == (
        f"2026-11-25  {history['decision']}  Test Author\n"
        "  model: checkpoint atlas-3-rc1 → atlas-3-rc2\n"
        "  decision: stage internal-deployment → external-deployment\n"
        "  decision: outcome hold → proceed\n"
        "  decision: rationale reworded\n"
        "  decision: approvals now include leadership\n"
        f"2026-11-22  {history['results']}  Test Author\n"
        f"  {CTF}: value 0.58 → 0.64\n"
        f"  {CTF}: evidence added (https://example.com/ctf)\n"
        "  /safeguards/usage-monitoring: in-progress → implemented\n"
        f"2026-11-20  {history['record']}  Test Author\n"
        "  + assessment recorded (meridian-atlas-3: 2 results, 2 safeguard statuses; "
        "decision: internal-deployment hold)\n"
        "\n"
        f"3 commits changed {FILE}: 9 changes\n"
    )


def test_json_names_each_change_by_subject_and_field(
    history: dict[str, str], run_cli: Callable[..., Run]
) -> None:
    done = run_cli("log", FILE, "-f", "json")
    assert done.code == 0
    report = json.loads(done.out)
    assert (report["assessment"], report["range"], report["warnings"]) == (FILE, None, [])
    assert [entry["short"] for entry in report["entries"]] == [
        history["decision"],
        history["results"],
        history["record"],
    ]
    changed = report["entries"][1]["files"][0]
    assert (changed["file"], changed["status"], changed["earlier_file"]) == (FILE, "changed", None)
    assert changed["changes"][0] == {
        "subject": CTF,
        "field": "value",
        "kind": "changed",
        "before": 0.58,
        "after": 0.64,
    }
    assert changed["changes"][2] == {
        "subject": "/safeguards/usage-monitoring",
        "field": "status",
        "kind": "changed",
        "before": "in-progress",
        "after": "implemented",
    }
    assert report["entries"][2]["files"][0]["status"] == "recorded"


def test_range_limits_the_commits(history: dict[str, str], run_cli: Callable[..., Run]) -> None:
    done = run_cli("log", FILE, "--range", f"{history['record']}..{history['results']}")
    assert done.code == 0
    assert done.out.splitlines()[0] == f"2026-11-22  {history['results']}  Test Author"
    assert done.out.splitlines()[-1] == (
        f"1 commit changed {FILE} in {history['record']}..{history['results']}: 3 changes"
    )


def test_a_model_folder_with_two_assessments_and_one_deleted(
    history: dict[str, str], git_repo: GitRepo, run_cli: Callable[..., Run]
) -> None:
    later = RECORDED.replace("date: 2026-11-20", "date: 2026-12-01").replace(
        "value: 0.42", "value: 0.47\n    mitigation: post"
    )
    _write(git_repo, OTHER, later)
    added = git_repo.commit("second assessment", "2026-12-01T10:00:00+00:00")
    (git_repo.path / FILE).unlink()
    deleted = git_repo.commit("drop the first", "2026-12-02T10:00:00+00:00")
    _write(git_repo, OTHER, later.replace("value: 0.47\n    mitigation: post", "value: 0.47"))
    moved = git_repo.commit("pre-mitigation after all", "2026-12-03T10:00:00+00:00")
    short = {sha: git_repo.git("rev-parse", "--short", sha) for sha in (added, deleted, moved)}
    done = run_cli("log", "assessments/meridian-atlas-3")
    assert (done.code, done.err) == (0, "")
    lines = done.out.splitlines()
    assert lines[:8] == [
        f"2026-12-03  {short[moved]}  Test Author",
        f"  {OTHER}",
        "    /categories/biological-chemical/evaluations/protocol-troubleshooting: "
        "mitigation post → pre",
        f"2026-12-02  {short[deleted]}  Test Author",
        f"  {FILE}",
        "    - assessment deleted",
        f"2026-12-01  {short[added]}  Test Author",
        f"  {OTHER}",
    ]
    assert lines[-1] == "6 commits changed assessments/meridian-atlas-3: 12 changes in 2 files"
    # The deleted file keeps its history.
    gone = run_cli("log", FILE)
    assert gone.code == 0
    assert gone.out.splitlines()[:2] == [
        f"2026-12-02  {short[deleted]}  Test Author",
        "  - assessment deleted",
    ]


def test_a_renamed_assessment_is_followed(
    history: dict[str, str], git_repo: GitRepo, run_cli: Callable[..., Run]
) -> None:
    text = (git_repo.path / FILE).read_text().replace("date: 2026-11-20", "date: 2026-11-19")
    (git_repo.path / FILE).unlink()
    renamed = "assessments/meridian-atlas-3/2026-11-19.yaml"
    _write(git_repo, renamed, text)
    git_repo.commit("the assessment was on the 19th", "2026-11-26T10:00:00+00:00")
    done = run_cli("log", renamed)
    assert done.code == 0
    lines = done.out.splitlines()
    assert lines[1:4] == [
        f"  {renamed}",
        f"    renamed from {FILE}",
        "    date 2026-11-20 → 2026-11-19",
    ]
    assert lines[-1] == f"4 commits changed {renamed}: 10 changes"


@pytest.mark.parametrize(
    "where",
    ["framework/framework.yaml", "assessments/meridian-atlas-3/notes.txt", "assessments/x/y/z"],
)
def test_a_path_that_is_not_an_assessment(
    history: dict[str, str], git_repo: GitRepo, run_cli: Callable[..., Run], where: str
) -> None:
    done = run_cli("log", where)
    assert (done.code, done.out) == (2, "")
    assert done.err == (
        f"prepctl: '{where}' is not an assessment: give an assessment file "
        "(assessments/<model-id>/<YYYY-MM-DD>.yaml), a model's folder (assessments/<model-id>) "
        "or an address starting with '/'\n"
    )


def test_a_word_that_is_no_path_is_still_an_address_without_its_slash(
    history: dict[str, str], run_cli: Callable[..., Run]
) -> None:
    done = run_cli("log", "categories/cyber")
    assert (done.code, done.out) == (2, "")
    assert done.err.startswith("prepctl: 'categories/cyber' is not an address")


def test_an_assessment_never_committed(
    history: dict[str, str], run_cli: Callable[..., Run]
) -> None:
    done = run_cli("log", "assessments/meridian-atlas-3/2027-01-01.yaml")
    assert (done.code, done.out) == (2, "")
    assert done.err == (
        "prepctl: no history for assessments/meridian-atlas-3/2027-01-01.yaml: "
        "no commit changed it\n"
    )


@pytest.mark.parametrize(
    ("broken_from", "broken_to"),
    [("outcome: proceed", "outcome: [proceed"), ("value: 0.64", "value: oops")],
    ids=["malformed-yaml", "not-an-assessment"],
)
def test_a_version_that_is_no_assessment_is_said_and_the_history_goes_on(
    history: dict[str, str],
    git_repo: GitRepo,
    run_cli: Callable[..., Run],
    broken_from: str,
    broken_to: str,
) -> None:
    path = git_repo.path / FILE
    good = path.read_text()
    assert broken_from in good
    path.write_text(good.replace(broken_from, broken_to))
    broken = git_repo.git(
        "rev-parse", "--short", git_repo.commit("broken", "2026-11-26T10:00:00+00:00")
    )
    path.write_text(good)
    mended = git_repo.git(
        "rev-parse", "--short", git_repo.commit("mended", "2026-11-27T10:00:00+00:00")
    )
    done = run_cli("log", FILE, "--color", "never")
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    at_mended = next(i for i, line in enumerate(lines) if f"  {mended}  " in line)
    assert lines[at_mended + 1] == "  an assessment again (the version before was not one)"
    at_broken = next(i for i, line in enumerate(lines) if f"  {broken}  " in line)
    assert lines[at_broken + 1].startswith(f"  ! this version is no assessment: {broken}:{FILE}:")
    # The commits before the broken one are still shown.
    assert "+ assessment recorded" in done.out
    assert "Traceback" not in done.err


def test_a_path_outside_the_repository_is_one_line(
    history: dict[str, str], git_repo: GitRepo, run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "assessments" / "m" / "2026-11-20.yaml"
    outside.parent.mkdir(parents=True)
    outside.write_text("model: {id: m}\n")
    where = os.path.relpath(outside, git_repo.path)
    done = run_cli("log", where)
    assert (done.code, done.out) == (2, "")
    assert done.err.startswith(f"prepctl: cannot read the history of {where}: it is not inside")
    assert done.err.count("\n") == 1


def test_an_absolute_path_to_an_assessment_is_a_path(
    history: dict[str, str], git_repo: GitRepo, run_cli: Callable[..., Run]
) -> None:
    relative = run_cli("log", FILE, "--color", "never")
    absolute = run_cli("log", str(git_repo.path / FILE), "--color", "never")
    assert absolute.code == 0, absolute.err
    assert absolute.out == relative.out
