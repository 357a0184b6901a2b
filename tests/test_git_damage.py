"""Damaged, shallow and unusual repositories are named for what they are, by every command.

Each test builds its repository with real git and then damages or shapes it as a user's could
be: a truncated or corrupt pack, garbage in ``packed-refs``, objects looked for in the wrong
folder, a shallow clone, a submodule where the framework belongs, a committed symbolic link.
Every command then says so in one line and exits 2; none mistakes the damage for an empty
repository or a missing framework.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import GIT_ENV, GitRepo
from helpers.bad_inputs import CORPUS, Outcome, assert_well_behaved, run_prepctl

CYBER = Path("framework") / "categories" / "cyber.yaml"
DAMAGED = "the repository is damaged: "
FSCK = "(git fsck tells more)\n"

# Every command that reads the repository, as a user would run it after the damage.
READERS = [
    ["diff"],
    ["diff", "HEAD~1", "HEAD"],
    ["log"],
    ["render", "HEAD", "-f", "md"],
    ["lint", "HEAD"],
]


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    """The base framework, then its trigger raised, packed into one pack file."""
    shutil.copytree(CORPUS / "base", git_repo.path / "framework")
    git_repo.commit("first", "2026-01-01T12:00:00+00:00")
    text = (git_repo.path / CYBER).read_text()
    (git_repo.path / CYBER).write_text(text.replace("value: 0.5", "value: 0.7"))
    git_repo.commit("second", "2026-01-02T12:00:00+00:00")
    git_repo.git("gc", "-q")
    return git_repo


def _pack(repo: GitRepo) -> Path:
    (pack,) = (repo.path / ".git" / "objects" / "pack").glob("*.pack")
    pack.chmod(0o644)
    return pack


def truncate_pack(repo: GitRepo) -> None:
    pack = _pack(repo)
    pack.write_bytes(pack.read_bytes()[:300])


def corrupt_pack(repo: GitRepo) -> None:
    """Every 97th byte flipped past the header: zlib notices, git stops mid-object."""
    pack = _pack(repo)
    data = bytearray(pack.read_bytes())
    for at in range(200, len(data) - 40, 97):
        data[at] ^= 0x55
    pack.write_bytes(bytes(data))


def garbage_in_packed_refs(repo: GitRepo) -> None:
    packed = repo.path / ".git" / "packed-refs"
    packed.write_text(packed.read_text() + "this is not a ref\n")


def _run(repo: GitRepo, runs: list[list[str]], **env: str) -> list[Outcome]:
    outcomes = run_prepctl(runs, cwd=repo.path, env={**GIT_ENV, **env})
    for outcome in outcomes:
        assert_well_behaved(outcome)
    return outcomes


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (truncate_pack, "does not match index"),
        (corrupt_pack, "corrupt"),
        (garbage_in_packed_refs, "unexpected line in .git/packed-refs"),
    ],
)
def test_damage_is_named_as_damage_by_every_command(
    repo: GitRepo, damage: Callable[[GitRepo], None], words: str
) -> None:
    damage(repo)
    for outcome in _run(repo, READERS):
        said = outcome.stderr()
        assert outcome.code == 2, said
        assert DAMAGED in said, (outcome.arguments, said)
        assert words in said, (outcome.arguments, said)
        assert said.endswith(FSCK), (outcome.arguments, said)
        assert "no commits yet" not in said
        assert "not a framework folder" not in said


def test_a_corrupt_pack_is_damage_for_site_and_release_too(repo: GitRepo, tmp_path: Path) -> None:
    repo.git("tag", "-a", "framework-v1.0.0", "-m", "first", "HEAD~1")
    repo.git("gc", "-q")
    corrupt_pack(repo)
    runs = [["site", "-o", str(tmp_path / "site")], ["release", "--dry-run"], ["changelog"]]
    for outcome in _run(repo, runs):
        assert outcome.code == 2, outcome.stderr()
        assert DAMAGED in outcome.stderr(), outcome.stderr()


def test_objects_looked_for_elsewhere_are_named_missing_not_absent(
    repo: GitRepo, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "objects"
    elsewhere.mkdir()
    for outcome in _run(repo, READERS, GIT_OBJECT_DIRECTORY=str(elsewhere)):
        said = outcome.stderr()
        assert outcome.code == 2, said
        assert "which is missing from the repository" in said, said
        assert f"(GIT_OBJECT_DIRECTORY is {elsewhere})" in said, said
        assert "no commits yet" not in said


def test_a_repository_with_no_commits_is_still_named_so(git_repo: GitRepo) -> None:
    shutil.copytree(CORPUS / "base", git_repo.path / "framework")
    for outcome in _run(git_repo, [["diff"], ["log"], ["render", "HEAD", "-f", "md"]]):
        assert outcome.code == 2
        assert outcome.stderr().endswith(": the repository has no commits yet\n"), outcome.stderr()


# Shallow clones -------------------------------------------------------------------------------


def _shallow_clone(repo: GitRepo, where: Path) -> GitRepo:
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(where)],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )
    return GitRepo(where)


def test_a_shallow_clone_is_named_shallow_where_it_hides_the_last_release(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.git("tag", "-a", "framework-v0.9.0", "-m", "the last release", "HEAD~1")
    clone = _shallow_clone(repo, tmp_path / "clone")
    hint = "the clone is shallow; fetch more history (git fetch --unshallow)\n"
    release, changelog, tag = _run(
        clone, [["release", "--dry-run"], ["changelog"], ["release", "--tag", "--dry-run"]]
    )
    for outcome in (release, changelog, tag):
        assert outcome.code == 2, outcome.stderr()
        assert outcome.stderr() == (
            f"prepctl: no framework-v* tag is reachable from HEAD, and {hint}"
        ), outcome.stderr()
    # With the history fetched, the same clone finds the release.
    clone.git("fetch", "-q", "--unshallow", "--tags")
    (release,) = _run(clone, [["release", "--dry-run"]])
    assert release.code == 0, release.stderr()
    assert "since framework-v0.9.0" in release.out.decode()


def test_a_shallow_clone_reads_what_it_has(repo: GitRepo, tmp_path: Path) -> None:
    clone = _shallow_clone(repo, tmp_path / "clone")
    head, before = _run(clone, [["render", "HEAD", "-f", "md"], ["diff", "HEAD~1", "HEAD"]])
    assert head.code == 0, head.stderr()
    assert before.code == 2
    assert before.stderr() == (
        "prepctl: cannot read framework at ref 'HEAD~1': the clone is shallow; fetch more "
        "history (git fetch --unshallow)\n"
    )


# A submodule where the framework belongs; a committed symbolic link ---------------------------


def test_a_submodule_where_the_framework_belongs_is_named_a_submodule(tmp_path: Path) -> None:
    inner = GitRepo(tmp_path / "inner")
    inner.path.mkdir()
    inner.git("init", "-q", "-b", "main")
    shutil.copytree(CORPUS / "base", inner.path, dirs_exist_ok=True)
    inner.commit("the framework, in its own repository")
    outer = GitRepo(tmp_path / "outer")
    outer.path.mkdir()
    outer.git("init", "-q", "-b", "main")
    outer.git(
        "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.path), "framework"
    )
    outer.commit("the framework as a submodule")
    outer.commit("again")
    said = (
        "'framework' is a submodule; its files are in the submodule's own repository (run "
        "prepctl inside it)\n"
    )
    runs = [["diff"], ["diff", "HEAD~1", "HEAD"], ["render", "HEAD", "-f", "md"], ["log"]]
    for outcome in _run(outer, runs):
        assert outcome.code == 2, outcome.stderr()
        assert outcome.stderr().endswith(said), outcome.stderr()
    # Inside the submodule, its own repository is read.
    inside = run_prepctl([["log"]], cwd=outer.path / "framework", env=GIT_ENV)[0]
    assert inside.code == 0, inside.stderr()


def test_a_committed_symbolic_link_is_named_alike_by_log_and_diff(git_repo: GitRepo) -> None:
    shutil.copytree(CORPUS / "base", git_repo.path / "framework")
    (git_repo.path / "framework" / "categories" / "evil.yaml").symlink_to("/etc/passwd")
    git_repo.commit("a framework with a linked category")
    said = (
        "framework/categories/evil.yaml:1:1: is a symbolic link; prepctl reads only files from git"
    )
    diff, log, address = _run(git_repo, [["diff", "HEAD"], ["log"], ["log", "/categories"]])
    for outcome in (diff, log, address):
        assert outcome.code == 2, outcome.stderr()
        assert said in outcome.stderr(), outcome.stderr()
