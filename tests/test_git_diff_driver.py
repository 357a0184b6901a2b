"""``prepctl git-diff-driver`` under the real git: configured as diff.prepctl.command, it shows
each framework file's changes classified above the line diff git would show."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FRAMEWORK, GIT_ENV, GitRepo, Run

from prepctl.core import file_diff as driver
from prepctl.io.yaml import MAX_FILE_BYTES

CATEGORY = "framework/categories/cybersecurity.yaml"
DROPPED = "/categories/cybersecurity/thresholds/high/safeguards/misuse-classifiers"


def git(repo: GitRepo, *args: str) -> str:
    """git's standard output, read as UTF-8 whatever the locale."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo.path,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    """The shipped framework committed, with the driver set up as the docs say."""
    shutil.copytree(FRAMEWORK, git_repo.path / "framework")
    (git_repo.path / ".gitattributes").write_text("framework/**/*.yaml diff=prepctl\n")
    command = f"{shlex.quote(sys.executable)} -m prepctl git-diff-driver"
    git_repo.git("config", "diff.prepctl.command", command)
    git_repo.commit("the framework")
    return git_repo


def edit(repo: GitRepo, relative: str, old: str, new: str) -> None:
    path = repo.path / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_git_diff_shows_the_changes_classified_above_the_line_diff(repo: GitRepo) -> None:
    lines = (repo.path / CATEGORY).read_text(encoding="utf-8").splitlines()
    line = lines.index("      - misuse-classifiers") + 1
    edit(repo, CATEGORY, "      - misuse-classifiers\n", "")
    out = git(repo, "diff")
    assert out.startswith(f"diff --git a/{CATEGORY} b/{CATEGORY}\nindex ")
    assert "prepctl: 1 change: 1 weakening\n" in out
    assert f"  ▼ weakening      removed   {DROPPED}\n" in out
    assert f"was {CATEGORY}:{line}:9\n" in out
    assert f"--- a/{CATEGORY}\n+++ b/{CATEGORY}\n" in out
    assert "\n-      - misuse-classifiers\n" in out
    assert out.index("prepctl: 1 change") < out.index(f"--- a/{CATEGORY}")


def test_git_log_and_show_with_ext_diff_classify_each_commit(repo: GitRepo) -> None:
    edit(repo, CATEGORY, "Meridian will offer", "Meridian may offer")
    edit(repo, "framework/framework.yaml", "version: 1.0.0", "version: 1.0.1")
    repo.commit("loosen the cyber response", date="2026-02-01T12:00:00+00:00")
    log = git(repo, "log", "-p", "--ext-diff", "-1")
    assert "loosen the cyber response" in log
    assert "/categories/cybersecurity/thresholds/high/response" in log
    assert "('will' → 'may': force lowered from binding to permissive (force ladder))" in log
    assert re.search(
        r"▼ weakening +modified +/categories/cybersecurity/thresholds/high/response", log
    )
    assert re.search(r"= neutral +modified +/version\n", log)
    assert git(repo, "show", "--ext-diff") == log
    # Without --ext-diff, git log keeps its own diff: the driver is opt-in there.
    assert "prepctl:" not in git(repo, "log", "-p", "-1")


def test_the_line_diff_is_the_one_git_shows(repo: GitRepo) -> None:
    edit(repo, CATEGORY, "      - misuse-classifiers\n", "")
    edit(repo, CATEGORY, "Offensive and defensive", "Offensive and\tdefensive")
    ours = git(repo, "diff")
    theirs = git(repo, "diff", "--no-ext-diff")

    def hunks(text: str) -> list[str]:
        body = text[text.index("\n--- ") + 1 :]
        # git puts the nearest top-level key after a hunk header; we do not.
        return [re.sub(r"^(@@ [^@]+ @@).*$", r"\1", line) for line in body.splitlines()]

    assert hunks(ours) == hunks(theirs)


def test_added_and_deleted_files(repo: GitRepo) -> None:
    (repo.path / "framework/safeguards/usage-monitoring.yaml").unlink()
    shutil.copy(
        repo.path / "framework/safeguards/crisis-escalation.yaml",
        repo.path / "framework/safeguards/crisis-escalation-v2.yaml",
    )
    edit(
        repo,
        "framework/safeguards/crisis-escalation-v2.yaml",
        "id: crisis-escalation",
        "id: crisis-escalation-v2",
    )
    repo.git("add", "-A")
    out = git(repo, "diff", "--cached", "--no-renames")
    added, deleted = out.split("diff --git")[1:]
    assert "new file mode 100644" in added
    assert "--- /dev/null\n+++ b/framework/safeguards/crisis-escalation-v2.yaml\n" in added
    assert re.search(r"▲ strengthening +added +/safeguards/crisis-escalation-v2\n", added)
    assert "deleted file mode 100644" in deleted
    assert "--- a/framework/safeguards/usage-monitoring.yaml\n+++ /dev/null\n" in deleted
    assert re.search(r"▼ weakening +removed +/safeguards/usage-monitoring\n", deleted)


def test_a_renamed_item_file_keeps_its_classification(repo: GitRepo) -> None:
    repo.git("mv", CATEGORY, "framework/categories/cyber.yaml")
    edit(repo, "framework/categories/cyber.yaml", "      - misuse-classifiers\n", "")
    repo.git("add", "-A")
    out = git(repo, "diff", "--cached", "-M")
    assert f"diff --git a/{CATEGORY} b/framework/categories/cyber.yaml\n" in out
    assert f"rename from {CATEGORY}\nrename to framework/categories/cyber.yaml\n" in out
    assert f"▼ weakening      removed   {DROPPED}\n" in out


def test_comments_and_layout_change_no_meaning(repo: GitRepo) -> None:
    edit(repo, CATEGORY, "status: tracked\n", "status: tracked  # since 2025\n")
    out = git(repo, "diff")
    assert "prepctl: no change in meaning (layout or comments only)\n" in out
    assert "+status: tracked  # since 2025\n" in out


def test_malformed_yaml_falls_back_to_the_line_diff(repo: GitRepo) -> None:
    edit(repo, CATEGORY, "status: tracked\n", "status: [tracked\n")
    out = git(repo, "diff")
    assert f"prepctl: no classification: {CATEGORY}:" in out
    assert "\n+status: [tracked\n" in out


def test_change_records_and_other_files_get_the_line_diff_alone(repo: GitRepo) -> None:
    (repo.path / ".gitattributes").write_text("*.yaml diff=prepctl\n")
    (repo.path / "notes.yaml").write_text("a: 1\n")
    repo.commit("notes")
    edit(
        repo,
        "framework/changes/2026-11-structured-fields.yaml",
        "approved-on: 2026-11-23",
        "approved-on: 2026-11-24",
    )
    edit(repo, "notes.yaml", "a: 1", "a: 2")
    out = git(repo, "diff")
    assert "prepctl:" not in out
    assert "-approved-on: 2026-11-23\n+approved-on: 2026-11-24\n" in out
    assert "diff --git a/notes.yaml b/notes.yaml\n" in out
    assert "-a: 1\n+a: 2\n" in out


def test_a_binary_file_is_named_not_shown(repo: GitRepo) -> None:
    (repo.path / CATEGORY).write_bytes(b"id: x\0\n")
    out = git(repo, "diff")
    assert f"Binary files a/{CATEGORY} and b/{CATEGORY} differ\n" in out


def test_terminal_control_characters_are_escaped(repo: GitRepo) -> None:
    edit(repo, CATEGORY, "name: Cybersecurity\n", "name: Cyber\x1b[2Jsecurity\n")
    out = git(repo, "diff")
    assert "\x1b" not in out
    assert "+name: Cyber\\x1b[2Jsecurity\n" in out


def test_an_unmerged_path_is_named(run_cli: Callable[..., Run]) -> None:
    result = run_cli("git-diff-driver", CATEGORY)
    assert (result.code, result.out, result.err) == (0, f"* Unmerged path {CATEGORY}\n", "")


def test_wrong_arguments_are_a_one_line_usage_error(run_cli: Callable[..., Run]) -> None:
    result = run_cli("git-diff-driver", "a", "b")
    assert result.code == 2
    assert result.err.startswith("prepctl: expected the 7 arguments git gives an external diff")
    assert result.err.count("\n") == 1
    assert 'git config diff.prepctl.command "prepctl git-diff-driver"' in result.err


def test_a_missing_old_file_is_a_one_line_error(
    run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    new = tmp_path / "new.yaml"
    new.write_text("id: x\n")
    missing = str(tmp_path / "gone.yaml")
    result = run_cli(
        "git-diff-driver", CATEGORY, missing, "a" * 40, "100644", str(new), "b" * 40, "100644"
    )
    assert result.code == 2
    assert (
        result.err == f"prepctl: cannot read {missing} for {CATEGORY}: No such file or directory\n"
    )


def test_an_internal_error_still_shows_the_line_diff(
    run_cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(driver.diff, "compare", broken)
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text("id: cybersecurity\n")
    new.write_text("id: cybersecurity\nname: Cyber\n")
    result = run_cli(
        "git-diff-driver", CATEGORY, str(old), "a" * 40, "100644", str(new), "b" * 40, "100644"
    )
    assert result.code == 0
    assert "prepctl: no classification (internal error: RuntimeError: boom)\n" in result.out
    assert result.out.endswith("@@ -1 +1,2 @@\n id: cybersecurity\n+name: Cyber\n")


def _driver(old: str, new: str) -> subprocess.CompletedProcess[str]:
    """The driver as git runs it, in a process of its own: a read that blocks fails the test
    after a while instead of stalling it."""
    arguments = [CATEGORY, old, "a" * 40, "100644", new, "b" * 40, "100644"]
    return subprocess.run(
        [sys.executable, "-m", "prepctl", "git-diff-driver", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("side", ["old", "new"])
def test_a_named_pipe_is_refused_unread(tmp_path: Path, side: str) -> None:
    pipe, plain = tmp_path / "pipe.yaml", tmp_path / "plain.yaml"
    os.mkfifo(pipe)
    plain.write_text("id: x\n")
    old, new = (pipe, plain) if side == "old" else (plain, pipe)
    result = _driver(str(old), str(new))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"prepctl: cannot read {pipe} for {CATEGORY}: is a named pipe (FIFO), not a file; "
        "prepctl reads only regular files\n"
    )


def test_an_endless_device_is_refused_unread(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text("id: x\n")
    result = _driver("/dev/zero", str(plain))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"prepctl: cannot read /dev/zero for {CATEGORY}: is a device, not a file; "
        "prepctl reads only regular files\n"
    )


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    huge, plain = tmp_path / "huge.yaml", tmp_path / "plain.yaml"
    with huge.open("wb") as stream:  # sparse: nothing written to disk
        stream.truncate(MAX_FILE_BYTES + 1)
    plain.write_text("id: x\n")
    result = _driver(str(plain), str(huge))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"prepctl: cannot read {huge} for {CATEGORY}: file is too large: "
        f"{MAX_FILE_BYTES + 1:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes\n"
    )
