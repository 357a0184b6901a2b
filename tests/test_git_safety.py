"""How prepctl runs git: nothing from the repository's configuration is run for a reading, git's
own environment variables mean what they mean to git, and every ref git reads is read.

Every command here runs as a user runs it: ``python -m prepctl`` in a subprocess, with real
git, in repositories the tests build.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import GIT_ENV, GitRepo
from helpers.bad_inputs import CORPUS, Outcome, assert_well_behaved, run_prepctl

CYBER = Path("framework") / "categories" / "cyber.yaml"


def _repository(path: Path, values: list[str]) -> GitRepo:
    """The corpus's base framework committed once per trigger value in ``values``."""
    path.mkdir(parents=True)
    repo = GitRepo(path)
    repo.git("init", "-q", "-b", "main")
    shutil.copytree(CORPUS / "base", path / "framework")
    text = (path / CYBER).read_text()
    for number, value in enumerate(values):
        (path / CYBER).write_text(text.replace("value: 0.5", f"value: {value}"))
        repo.commit(f"trigger {value}", f"2026-01-{number + 1:02d}T12:00:00+00:00")
    return repo


# Nothing from the repository's configuration runs ------------------------------------------

HOOKS = (
    "reference-transaction",
    "post-index-change",
    "post-checkout",
    "post-commit",
    "pre-commit",
    "pre-push",
    "pre-auto-gc",
    "post-rewrite",
    "fsmonitor-watchman",
)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[GitRepo, Path]:
    """A repository whose configuration names a program for every hook and for each setting
    that can make git run one (fsmonitor, pager, external diff, textconv, clean and smudge
    filters, gpg, editors, ssh, credentials); the program notes each run in a marker file."""
    marker = tmp_path / "RAN.log"
    evil = tmp_path / "evil.sh"
    evil.write_text(f'#!/bin/sh\necho "$(basename "$0") $*" >> "{marker}"\ncat\n')
    evil.chmod(0o755)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in HOOKS:
        script = hooks / hook
        script.write_text(f'#!/bin/sh\necho "hook {hook}" >> "{marker}"\ncat > /dev/null\n')
        script.chmod(0o755)
    repo = _repository(tmp_path / "repo", ["0.5", "0.7"])
    repo.git("tag", "-a", "framework-v0.1.0", "-m", "first release", "HEAD~1")
    (repo.path / ".gitattributes").write_text("* filter=evil diff=evil\n")
    repo.commit("attributes", "2026-01-05T12:00:00+00:00")
    for key, value in {
        "core.fsmonitor": f"{evil} fsmonitor",
        "core.hooksPath": str(hooks),
        "core.pager": f"{evil} pager",
        "pager.log": f"{evil} pager-log",
        "diff.external": f"{evil} diff-external",
        "diff.evil.textconv": f"{evil} textconv",
        "filter.evil.clean": f"{evil} clean",
        "filter.evil.smudge": f"{evil} smudge",
        "gpg.program": f"{evil} gpg",
        "log.showSignature": "true",
        "core.editor": f"{evil} editor",
        "sequence.editor": f"{evil} sequence-editor",
        "core.sshCommand": f"{evil} ssh",
        "credential.helper": f"!{evil} credential",
        "core.askPass": f"{evil} askpass",
    }.items():
        repo.git("config", key, value)
    marker.unlink(missing_ok=True)  # the commits above ran the hooks; from here on nothing may
    # A tracked file whose time stamp no longer matches the index: whatever compares the
    # working tree with the index must read it again, through the clean filter if it runs it.
    tracked = repo.path / CYBER
    os.utime(tracked, (tracked.stat().st_atime, tracked.stat().st_mtime + 100))
    return repo, marker


READING = [
    ["lint"],
    ["lint", "HEAD"],
    ["lint", "--against", "HEAD~1"],
    ["diff"],
    ["diff", "HEAD~1", "HEAD"],
    ["diff", "--against", "HEAD~2"],
    ["log"],
    ["log", "/categories/cyber"],
    ["render", "-f", "md", "-o", "out.md"],
    ["render", "HEAD", "-f", "md", "-o", "head.md"],
    ["render", "-f", "html", "--against", "HEAD~2", "-o", "redline.html"],
    ["changelog"],
    ["release", "--dry-run"],
    ["release", "--tag", "--dry-run"],
    ["coverage", "--profile", "seoul-2024"],
    ["site", "-o", "site"],
]


def test_reading_runs_nothing_the_repository_configures(hostile: tuple[GitRepo, Path]) -> None:
    repo, marker = hostile
    outcomes = run_prepctl(READING, cwd=repo.path, env=GIT_ENV)
    for outcome in outcomes:
        assert_well_behaved(outcome)
        assert outcome.code in (0, 1), outcome.stderr()
    assert not marker.exists(), marker.read_text()


def test_tagging_runs_only_the_hooks_of_the_tag_it_writes(hostile: tuple[GitRepo, Path]) -> None:
    """``release --tag`` checks the working tree (a reading: nothing runs) and then writes the
    tag the user asked for, as ``git tag`` would: the repository's own reference-transaction
    hook sees that write."""
    repo, marker = hostile
    (outcome,) = run_prepctl([["release", "--tag"]], cwd=repo.path, env=GIT_ENV)
    assert outcome.code == 0, outcome.stderr()
    assert repo.git("tag", "--list").split() == ["framework-v0.1.0", "framework-v1.0.0"]
    ran = marker.read_text().splitlines() if marker.exists() else []
    assert ran, "the hook of the tag's own write did not run: the test proves nothing"
    assert set(ran) == {"hook reference-transaction"}, ran


# GIT_DIR and GIT_WORK_TREE, as git reads them ------------------------------------------------


@pytest.fixture
def two_repositories(tmp_path: Path) -> tuple[GitRepo, GitRepo]:
    """``here`` (trigger 0.5, one commit) and ``there`` (trigger 0.9, then 0.8)."""
    return _repository(tmp_path / "here", ["0.5"]), _repository(tmp_path / "there", ["0.9", "0.8"])


def _json(outcome: Outcome) -> dict[str, object]:
    assert outcome.code in (0, 1), outcome.stderr()
    found: dict[str, object] = json.loads(outcome.out)
    return found


@pytest.mark.parametrize("spelling", ["absolute", "relative"])
def test_every_command_reads_the_repository_git_dir_names(
    two_repositories: tuple[GitRepo, GitRepo], spelling: str
) -> None:
    here, there = two_repositories
    git_dir = there.path / ".git" if spelling == "absolute" else Path("..", "there", ".git")
    head, first = there.git("rev-parse", "HEAD"), there.git("rev-parse", "HEAD~1")
    runs = [
        ["diff", "-f", "json"],
        ["diff", "HEAD~1", "HEAD", "-f", "json"],
        ["log", "-f", "json"],
        ["render", "HEAD", "-f", "md"],
        ["lint", "HEAD~1", "-f", "json"],
        ["render", "-f", "md"],
    ]
    diff, ranged, log, render, lint, folder = run_prepctl(
        runs, cwd=here.path, env={**GIT_ENV, "GIT_DIR": str(git_dir)}
    )
    # HEAD is there's; the working tree (GIT_DIR without GIT_WORK_TREE: the current folder) is
    # here's, as 'git diff HEAD' would compare them.
    report = _json(diff)
    assert report["base"] == {"label": "HEAD:framework", "revision": head}
    assert [(c["before"], c["after"]) for c in report["changes"]] == [(0.8, 0.5)]  # type: ignore[attr-defined]
    report = _json(ranged)
    assert [(c["before"], c["after"]) for c in report["changes"]] == [(0.9, 0.8)]  # type: ignore[attr-defined]
    assert [entry["commit"] for entry in _json(log)["entries"]] == [head, first]  # type: ignore[attr-defined]
    assert render.code == 0, render.stderr()
    assert "0.8" in render.out.decode()
    assert head in render.out.decode()
    assert _json(lint)["findings"] == []
    assert folder.code == 0, folder.stderr()
    assert head in folder.out.decode()  # the footer names GIT_DIR's HEAD


def test_git_work_tree_is_honoured_too(two_repositories: tuple[GitRepo, GitRepo]) -> None:
    here, there = two_repositories
    env = {**GIT_ENV, "GIT_DIR": str(there.path / ".git"), "GIT_WORK_TREE": str(there.path)}
    (diff,) = run_prepctl([["diff", "-f", "json"]], cwd=here.path / "framework", env=env)
    # The framework is still found from the current folder, and HEAD read from GIT_DIR.
    assert _json(diff)["base"] == {  # framework/ is here's, outside GIT_WORK_TREE
        "label": "HEAD:framework",
        "revision": there.git("rev-parse", "HEAD"),
    }


def test_a_git_dir_that_is_no_repository_fails_every_git_command_alike(
    two_repositories: tuple[GitRepo, GitRepo], tmp_path: Path
) -> None:
    here, _ = two_repositories
    nowhere = tmp_path / "nonexistent"
    runs = [
        ["diff"],
        ["diff", "HEAD~1", "HEAD"],
        ["log"],
        ["render", "HEAD", "-f", "md"],
        ["lint", "HEAD"],
        ["release", "--dry-run"],
        ["changelog"],
    ]
    outcomes = run_prepctl(runs, cwd=here.path, env={**GIT_ENV, "GIT_DIR": str(nowhere)})
    for outcome in outcomes:
        assert_well_behaved(outcome)
        assert outcome.code == 2, outcome.stderr()
        assert outcome.stderr().endswith(f"GIT_DIR={nowhere} is not a git repository\n")
    # A folder needs no git at all.
    (lint,) = run_prepctl([["lint"]], cwd=here.path, env={**GIT_ENV, "GIT_DIR": str(nowhere)})
    assert lint.code == 0, lint.stderr()


# Every ref git reads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref", ["HEAD@{yesterday}", "HEAD@{1.day.ago}", "HEAD@{1}", "main@{0}", "HEAD^{/trigger 0.5}"]
)
def test_refs_in_every_syntax_git_reads(tmp_path: Path, ref: str) -> None:
    repo = _repository(tmp_path / "repo", ["0.5", "0.7"])
    outcomes = run_prepctl(
        [["diff", ref, "-f", "json"], ["render", ref, "-f", "md"], ["lint", ref]],
        cwd=repo.path,
        env=GIT_ENV,
    )
    for outcome in outcomes:
        assert_well_behaved(outcome)
        assert outcome.code in (0, 1), outcome.stderr()
    assert _json(outcomes[0])["base"]["label"] == f"{ref}:framework"  # type: ignore[index]


LONG = "a" * 300
DEEP = "HEAD~" + "1" * 300


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["diff", LONG], f"cannot read framework at ref '{LONG}': no such branch, tag or commit"),
        (["diff", DEEP], f"cannot read framework at ref '{DEEP}': no such branch, tag or commit"),
        (["render", DEEP, "-f", "md"], f"'{DEEP}' is not a framework folder or file"),
        (["lint", LONG], f"'{LONG}' is not a framework folder or file"),
        (["diff", "--against", LONG], f"cannot read framework at ref '{LONG}'"),
        (["log", "--range", f"{LONG}..HEAD"], f"cannot read framework at ref '{LONG}': no such"),
    ],
)
def test_arguments_longer_than_a_file_name_are_refs(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    repo = _repository(tmp_path / "repo", ["0.5", "0.7"])
    (outcome,) = run_prepctl([arguments], cwd=repo.path, env=GIT_ENV)
    assert_well_behaved(outcome)
    assert outcome.code == 2
    assert outcome.stderr().startswith(f"prepctl: {message}"), outcome.stderr()
