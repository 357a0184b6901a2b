"""The commit in a rendering's footer, read by two git commands, is the one a full reading gives.

:func:`prepctl.io.git.head.read_head` answers the usual cases with two git commands (or none,
outside a repository) and leaves the rest to the full reading of HEAD; here each case it
answers is checked against :func:`~prepctl.io.git.head.read_head_from_git`, the reading it
stands in for.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FRAMEWORK, GitRepo

from prepctl.core import source, source_git
from prepctl.io.git import head
from prepctl.render import provenance

GIT = shutil.which("git") or "git"
CATEGORY = Path("categories") / "cybersecurity.yaml"


def both(folder: Path) -> tuple[tuple[str | None, bool] | None, tuple[str | None, bool]]:
    snapshot = source.read_directory(folder)
    return (
        head.read_head(snapshot.files, folder, source, GIT),
        head.read_head_from_git(snapshot.files, folder, source),
    )


def committed(repo: GitRepo, where: str = "framework") -> tuple[Path, str]:
    folder = repo.path / where if where else repo.path
    shutil.copytree(FRAMEWORK, folder, dirs_exist_ok=True)
    return folder, repo.commit("framework")


def _append(path: Path) -> None:
    path.write_text(path.read_text() + "# edited\n")


def _add_category(folder: Path) -> None:
    shutil.copy(folder / CATEGORY, folder / "categories" / "zz-copy.yaml")


def _remove_category(folder: Path) -> None:
    (folder / CATEGORY).unlink()


def _archive_record(folder: Path) -> None:
    """Move one change record into changes/archive/VERSION/, as a release does."""
    record = sorted((folder / "changes").glob("*.yaml"))[0]
    archive = folder / "changes" / "archive" / "1.0.0"
    archive.mkdir(parents=True, exist_ok=True)
    record.rename(archive / record.name)


def _add_changelog(folder: Path) -> None:
    (folder / "CHANGELOG.md").write_text("# Changelog\n")


EDITS: dict[str, tuple[Callable[[Path], None], bool]] = {
    "clean": (lambda folder: None, False),
    "manifest edited": (lambda folder: _append(folder / "framework.yaml"), True),
    "category edited": (lambda folder: _append(folder / CATEGORY), True),
    "category added": (_add_category, True),
    "category removed": (_remove_category, True),
    "category added as .yml": (
        lambda folder: shutil.copy(folder / CATEGORY, folder / "categories" / "zz-copy.yml"),
        True,
    ),
    # The changelog is not one of the files compared.
    "change record archived": (_archive_record, True),
    "changelog added": (_add_changelog, False),
    "other file added": (lambda folder: (folder / "notes.txt").write_text("x\n"), False),
}


@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("where", ["framework", ""])
def test_a_working_tree_names_head_and_whether_it_differs(
    git_repo: GitRepo, edit: str, where: str
) -> None:
    folder, commit = committed(git_repo, where)
    change, uncommitted = EDITS[edit]
    change(folder)
    fast, slow = both(folder)
    assert slow == (commit, uncommitted)
    assert fast == slow


def test_a_committed_yml_file_is_a_committed_framework_file(git_repo: GitRepo) -> None:
    folder = git_repo.path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    (folder / CATEGORY).rename(folder / CATEGORY.with_suffix(".yml"))
    commit = git_repo.commit("framework")
    assert both(folder) == ((commit, False), (commit, False))


def test_a_committed_release_with_archived_records_is_committed(git_repo: GitRepo) -> None:
    folder, _ = committed(git_repo)
    _archive_record(folder)
    commit = git_repo.commit("release")
    assert both(folder) == ((commit, False), (commit, False))


def test_outside_a_repository_there_is_no_commit(tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    assert both(folder) == ((None, False), (None, False))


def test_a_repository_without_commits_has_everything_uncommitted(git_repo: GitRepo) -> None:
    folder = git_repo.path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    assert both(folder) == ((None, True), (None, True))


def test_a_framework_head_does_not_have_was_never_committed(git_repo: GitRepo) -> None:
    (git_repo.path / "README.md").write_text("x\n")
    git_repo.commit("readme")
    folder = git_repo.path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    assert both(folder) == ((None, True), (None, True))


def test_files_head_would_refuse_count_as_never_committed(git_repo: GitRepo) -> None:
    # A symbolic link to a file inside the framework: fine on disk, refused from git.
    folder, _ = committed(git_repo)
    store = folder / "store"
    store.mkdir()
    (folder / CATEGORY).rename(store / "cyber.yaml")
    (folder / CATEGORY).symlink_to(Path("..") / "store" / "cyber.yaml")
    git_repo.commit("a link")
    assert both(folder) == ((None, True), (None, True))


def test_a_linked_changelog_in_head_counts_as_never_committed(git_repo: GitRepo) -> None:
    folder, _ = committed(git_repo)
    (folder / "notes.md").write_text("# Changelog\n")
    (folder / "CHANGELOG.md").symlink_to("notes.md")
    git_repo.commit("a linked changelog")
    (folder / "CHANGELOG.md").unlink()
    assert both(folder) == ((None, True), (None, True))


def test_a_folder_named_like_a_file_in_head_counts_as_never_committed(git_repo: GitRepo) -> None:
    folder, _ = committed(git_repo)
    odd = folder / "categories" / "odd.yaml"
    odd.mkdir()
    (odd / "inside.txt").write_text("x\n")
    git_repo.commit("a folder")
    shutil.rmtree(odd)
    assert both(folder) == ((None, True), (None, True))


def test_a_linked_worktree_is_left_to_the_full_reading(git_repo: GitRepo, tmp_path: Path) -> None:
    _, commit = committed(git_repo)
    worktree = tmp_path / "worktree"
    git_repo.git("worktree", "add", "-q", str(worktree), "HEAD")
    fast, slow = both(worktree / "framework")
    assert fast is None  # a .git file: only git's own search is sure to agree
    assert slow == (commit, False)


def test_a_failing_git_is_left_to_the_full_reading(git_repo: GitRepo, tmp_path: Path) -> None:
    folder, commit = committed(git_repo)
    failing = tmp_path / "git"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(0o755)
    snapshot = source.read_directory(folder)
    assert head.read_head(snapshot.files, folder, source, str(failing)) is None
    assert head.read_head_from_git(snapshot.files, folder, source) == (commit, False)


def test_the_footer_is_the_same_whichever_way_head_is_read(
    git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = committed(git_repo)
    _append(folder / "framework.yaml")
    snapshot = source.read_directory(folder)
    files = dict(snapshot.files)
    fast = provenance.of_files(files, source_git.head_of(snapshot, folder))
    monkeypatch.setattr(head, "read_head", lambda *args: None)
    assert provenance.of_files(files, source_git.head_of(snapshot, folder)) == fast
    assert fast.uncommitted
    assert (
        fast.commit
        == subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.strip()
    )
