"""The GitHub workflow ``prepctl init`` writes: actions pinned to release commits, no token left
in the checkout, no expression spliced into a script, its own comment found by author and
marker, and prepctl installed only from what the repository names. Its scripts are run here
with the real prepctl and git."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import GIT_ENV, ROOT, GitRepo, Run

from prepctl.io import yaml as yamlio

WORKFLOW = ".github/workflows/prepctl.yml"
REQUIREMENTS = ".github/prepctl-requirements.txt"

# Each action at the newest release we could confirm, by the commit its tag points to. Every SHA
# was found in at least two independent public places (Dependabot's compare links from the
# release, and workflows pinning it with the version in a comment).
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("043fb46d1a93c77aae656e7c1c64a875d1fc6a0a", "v7.0.1"),
    "github/codeql-action/upload-sarif": ("2892aa5e19bbd11bc0cff5427e3b750a04d9e3c2", "v4.38.2"),
}


@pytest.fixture
def scaffolded(tmp_path: Path, run_cli: Callable[..., Run]) -> Path:
    target = tmp_path / "repo"
    result = run_cli("init", str(target))
    assert result.code == 0, result.err
    return target


def workflow(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = yamlio.parse((folder / WORKFLOW).read_bytes(), "workflow").data
    return data


def steps(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, job in workflow(folder)["jobs"].items():
        for step in job["steps"]:
            yield name, step


def step(folder: Path, job: str, name: str) -> dict[str, Any]:
    return next(s for j, s in steps(folder) if j == job and s.get("name") == name)


def test_every_action_is_pinned_to_a_release_commit(scaffolded: Path) -> None:
    lines = (scaffolded / WORKFLOW).read_text().splitlines()
    uses = [line.strip() for line in lines if line.strip().startswith(("uses:", "- uses:"))]
    assert uses
    found = set()
    for line in uses:
        matched = re.fullmatch(r"(?:- )?uses: ([\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)", line)
        assert matched, line
        action, sha, version = matched.groups()
        assert PINS[action] == (sha, version), line
        found.add(action)
    assert found == set(PINS)


def test_no_checkout_keeps_the_token(scaffolded: Path) -> None:
    checkouts = [s for _, s in steps(scaffolded) if str(s.get("uses", "")).startswith("actions/")]
    checkouts = [s for s in checkouts if s["uses"].startswith("actions/checkout@")]
    assert len(checkouts) == 3
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_no_expression_is_spliced_into_a_script(scaffolded: Path) -> None:
    scripts = [s["run"] for _, s in steps(scaffolded) if "run" in s]
    assert scripts
    assert not [script for script in scripts if "${{" in script]


def test_the_comment_updated_is_the_workflows_own(scaffolded: Path) -> None:
    script = step(scaffolded, "diff", "Post or update the pull-request comment")["run"]
    assert '.user.login == \\"github-actions[bot]\\"' in script
    assert 'startswith(\\"$marker\\")' in script
    assert "continue-on-error" not in step(
        scaffolded, "diff", "Post or update the pull-request comment"
    )


def test_later_checks_run_after_a_failed_one(scaffolded: Path) -> None:
    layout = step(scaffolded, "lint", "Check the layout")
    assert "!cancelled()" in layout["if"]
    failing = step(scaffolded, "diff", "Fail on weakening changes without a change record")
    assert "!cancelled()" in failing["if"]


def test_the_sarif_upload_is_skipped_for_forks_only(scaffolded: Path) -> None:
    upload = step(scaffolded, "lint", "Upload findings to code scanning")
    assert "continue-on-error" not in upload
    assert "github.event.pull_request.head.repo.full_name == github.repository" in upload["if"]
    assert "github.event_name != 'pull_request'" in upload["if"]
    jobs = workflow(scaffolded)["jobs"]
    assert jobs["lint"]["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }


def test_prepctl_is_installed_only_from_the_repositorys_own_requirement(scaffolded: Path) -> None:
    text = (scaffolded / WORKFLOW).read_text()
    assert "prepctl==" not in text
    assert "PREPCTL_REQUIREMENT" not in text
    requirements = (scaffolded / REQUIREMENTS).read_text()
    written = [line for line in requirements.splitlines() if line.strip()]
    assert all(line.lstrip().startswith("#") for line in written)  # nothing until the user says
    installs = [s for _, s in steps(scaffolded) if s.get("name") == "Install prepctl"]
    assert len(installs) == 3
    assert len({s["run"] for s in installs}) == 1


@pytest.fixture
def fake_python(tmp_path: Path) -> Path:
    """A ``python`` that only notes what it was asked to do."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "python"
    fake.write_text('#!/bin/sh\necho "python $*" >> "$CALLS"\n')
    fake.chmod(0o755)
    return folder


def run_script(
    script: str, cwd: Path, env: dict[str, str], path: list[Path] | None = None
) -> subprocess.CompletedProcess[str]:
    search = os.pathsep.join([*(str(p) for p in path or []), os.environ["PATH"]])
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={**os.environ, **GIT_ENV, **env, "PATH": search},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_install_fails_loudly_until_a_requirement_is_named(
    scaffolded: Path, fake_python: Path, tmp_path: Path
) -> None:
    script = step(scaffolded, "lint", "Install prepctl")["run"]
    calls = tmp_path / "calls"
    done = run_script(script, scaffolded, {"CALLS": str(calls)}, [fake_python])
    assert done.returncode == 1
    assert done.stdout.startswith(f"::error file={REQUIREMENTS}::Name the prepctl to install")
    assert not calls.exists()
    with (scaffolded / REQUIREMENTS).open("a") as file:
        file.write("prepctl @ git+https://example.invalid/prepctl@" + "0" * 40 + "\n")
    done = run_script(script, scaffolded, {"CALLS": str(calls)}, [fake_python])
    assert done.returncode == 0, done.stdout + done.stderr
    assert calls.read_text() == f"python -m pip install -r {REQUIREMENTS}\n"


@pytest.fixture
def pull_request(scaffolded: Path) -> GitRepo:
    """The scaffold committed on main, then a branch that weakens it without a change record,
    with main where actions/checkout leaves the base branch: origin/main."""
    repo = GitRepo(scaffolded)
    repo.git("init", "-q", "-b", "main")
    repo.commit("init")
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    repo.git("checkout", "-q", "-b", "weaken")
    category = scaffolded / "framework/categories/cybersecurity.yaml"
    text = category.read_text()
    assert "      - development-halt\n" in text
    category.write_text(text.replace("      - development-halt\n", "", 1))
    repo.commit("drop the halt")
    return repo


def test_the_diff_step_writes_the_report_the_comment_and_the_exit_code(
    pull_request: GitRepo, tmp_path: Path
) -> None:
    folder = pull_request.path
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {
        "GITHUB_BASE_REF": "main",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "owner/framework",
        "GITHUB_RUN_ID": "42",
    }
    prepctl = [Path(sys.executable).parent]
    done = run_script(
        step(folder, "diff", "Classify the changes against the base branch")["run"],
        folder,
        env,
        prepctl,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert output.read_text() == "code=1\n"  # an unjustified weakening
    assert "unjustified" in done.stdout  # the text report, in the log
    whole = (folder / "prepctl-diff.md").read_text()
    comment = (folder / "prepctl-comment.md").read_text()
    assert whole.startswith("### Preparedness framework: 1 unjustified weakening")
    assert comment == whole  # short enough to need no cut
    assert len(comment) <= 65_000
    report = json.loads((folder / "prepctl-diff.json").read_text())
    assert [c["impact"] for c in report["changes"]] == ["weakening"]
    done = run_script(
        step(folder, "diff", "Add the changes to the job summary")["run"], folder, env
    )
    assert done.returncode == 0, done.stderr
    assert summary.read_text() == whole


def test_the_comment_names_the_run_when_the_report_is_cut(scaffolded: Path, tmp_path: Path) -> None:
    """A pull request from the 2023 OpenAI framework to the shipped one: its whole report is
    longer than a comment can be."""
    folder = tmp_path / "big"
    folder.mkdir()
    repo = GitRepo(folder)
    repo.git("init", "-q", "-b", "main")
    shutil.copytree(ROOT / "tests/fixtures/frameworks/openai-pf-beta-2023", folder / "framework")
    repo.commit("the 2023 framework")
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    repo.git("checkout", "-q", "-b", "revise")
    shutil.rmtree(folder / "framework")
    shutil.copytree(ROOT / "framework", folder / "framework")
    repo.commit("the revised framework")
    env = {
        "GITHUB_BASE_REF": "main",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "owner/framework",
        "GITHUB_RUN_ID": "42",
    }
    script = step(scaffolded, "diff", "Classify the changes against the base branch")["run"]
    done = run_script(script, folder, env, [Path(sys.executable).parent])
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "output").read_text() == "code=1\n"
    comment = (folder / "prepctl-comment.md").read_text()
    whole = (folder / "prepctl-diff.md").read_text()
    assert len(whole) > 65_000 >= len(comment)
    assert comment.endswith(
        "The whole report: <https://github.com/owner/framework/actions/runs/42>\n"
    )
    assert comment.startswith(whole[: whole.index("\n\n**")])  # the same summary


def test_zizmor_finds_nothing(scaffolded: Path) -> None:
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("ZIZMOR IS NOT INSTALLED: pip install -r requirements.lock")
    done = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--format", "plain", str(scaffolded / WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
