"""``prepctl log`` names each change's real commit, author and date, whatever the files are
called.

git's account of a history (``git log -z --raw``) puts a commit's header and its changed paths
in one stream of NUL-terminated fields. A path may hold any byte but NUL, so a file can be named
to look like a commit header; the log must still take every path as a path. These tests name
files so, in generated and in real repositories, and check each entry against git's own list of
commits.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import GitRepo, Run
from helpers.bad_inputs import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepctl.core import source_git
from prepctl.io.git import history as git_history
from prepctl.io.git import repo as git_repo

HEADER = "\x1e"
FIELD = "\x1f"
FORGED_SHA = "a" * 40


def forged_header(author: str = "Trusted Reviewer (forged)") -> str:
    """What a commit's header looks like in the stream: a file named so imitates one."""
    return FIELD.join((HEADER + FORGED_SHA, "aaaaaaa", "", "", "1999-12-31T23:59:59+00:00", author))


# Pieces a hostile name is made of: the header's separators, hex digits, the colon and line
# break that start a raw entry, and the shapes of whole headers and entries.
PIECES = st.sampled_from(
    [
        HEADER,
        FIELD,
        ":",
        "\n",
        "\n:",
        "a" * 40,
        "0" * 64,
        "A",
        " ",
        "categories/",
        ".yaml",
        forged_header(),
        ":100644 100644 " + "1" * 40 + " " + "2" * 40 + " M",
        "framework.yaml",
    ]
)
HOSTILE_NAMES = st.lists(
    st.one_of(PIECES, st.text(st.characters(blacklist_characters="\0/"), max_size=4)),
    min_size=1,
    max_size=6,
).map("".join)


HEADER_LIKE_NAMES = st.builds(
    str.__add__,
    st.sampled_from([forged_header(), forged_header("x"), HEADER + "b" * 40 + FIELD]),
    HOSTILE_NAMES,
)
"""Names that start as a commit's header does, followed by more hostile pieces."""


def _raw_entry(path: str, blob: str) -> str:
    return f":000000 100644 {'0' * 40} {blob} A\0{path}\0"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(HOSTILE_NAMES, min_size=1, max_size=4),
    authors=st.lists(
        st.text(st.characters(blacklist_characters="\0\n"), max_size=12), min_size=2, max_size=2
    ),
)
def test_no_path_starts_a_commit_in_git_s_account_of_a_history(
    names: list[str], authors: list[str]
) -> None:
    """The stream exactly as git writes it (header NUL, newline, then each entry's status and
    path NUL-terminated): every path, however named, stays a path of its own commit."""
    first, second = "1" * 40, "2" * 40
    stream = (
        FIELD.join((HEADER + first, "1111111", "", "", "2026-01-01T12:00:00+00:00", authors[0]))
        + "\0\n"
        + _raw_entry("framework.yaml", "3" * 40)
        + "".join(_raw_entry(name, "4" * 40) for name in names)
        + FIELD.join(
            (HEADER + second, "2222222", first, "1111111", "2026-01-02T12:00:00+00:00", authors[1])
        )
        + "\0\n"
        + "".join(_raw_entry(name, "5" * 40) for name in names)
        + _raw_entry("categories/cyber.yaml", "6" * 40)
    )
    commits = git_history._parse_log(source_git.LAYOUT, stream, "")
    assert [(c.commit, c.author, c.parent) for c in commits] == [
        (first, authors[0], None),
        (second, authors[1], first),
    ]
    assert "framework.yaml" in commits[0].files
    assert "categories/cyber.yaml" in commits[1].files
    assert commits[1].files["categories/cyber.yaml"] == git_history.FileVersion("6" * 40, "100644")


def _framework_at_the_root(repo: GitRepo) -> Path:
    """The corpus's base framework at the repository root, where ``git log``'s pathspec is the
    whole repository and so takes in every file, however named."""
    for entry in (CORPUS / "base").iterdir():
        target = repo.path / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copyfile(entry, target)
    return repo.path


def _weaken(root: Path) -> None:
    cyber = root / "categories" / "cyber.yaml"
    cyber.write_text(cyber.read_text().replace("value: 0.5", "value: 0.7"))


def _truth(repo: GitRepo) -> list[tuple[str, str, str]]:
    """Every commit's id, author and date, newest first, as git itself lists them."""
    listing = repo.git("log", "--format=%H%x1f%an%x1f%aI")
    return [tuple(line.split("\x1f")) for line in listing.splitlines()]  # type: ignore[misc]


def _entries(run_cli: Callable[..., Run]) -> list[tuple[str, str, str]]:
    result = run_cli("log", "-f", "json")
    assert result.code == 0, result.err
    return [(e["commit"], e["author"], e["date"]) for e in json.loads(result.out)["entries"]]


def test_a_file_named_like_a_commit_header_forges_nothing(
    git_repo: GitRepo, run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _framework_at_the_root(git_repo)
    git_repo.commit("first", "2026-01-01T12:00:00+00:00")
    _weaken(root)
    (root / forged_header()).write_text("x")
    git_repo.commit("weaken, with a crafted file name", "2026-01-02T12:00:00+00:00")
    monkeypatch.chdir(root)
    assert _entries(run_cli) == _truth(git_repo)
    text = run_cli("log")
    assert "forged" not in text.out
    assert "1999" not in text.out
    assert FORGED_SHA[:7] not in text.out


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(names=st.lists(HEADER_LIKE_NAMES | HOSTILE_NAMES, min_size=1, max_size=3, unique=True))
def test_hostile_file_names_in_a_real_repository_forge_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    run_cli: Callable[..., Run],
    names: list[str],
) -> None:
    repo = GitRepo(tmp_path_factory.mktemp("names"))
    repo.git("init", "-q", "-b", "main")
    root = _framework_at_the_root(repo)
    repo.commit("first", "2026-01-01T12:00:00+00:00")
    _weaken(root)
    written = 0
    for name in names:
        if name in (".", "..") or name.startswith(".git"):
            continue
        try:
            with (root / name).open("xb") as stream:
                stream.write(b"x")
        except (OSError, ValueError):  # taken, or a name the file system refuses (too long)
            continue
        written += 1
    repo.commit("weaken, with hostile file names", "2026-01-02T12:00:00+00:00")
    previous = Path.cwd()
    os.chdir(root)
    try:
        assert _entries(run_cli) == _truth(repo), (names, written)
    finally:
        os.chdir(previous)


def test_the_stream_check_refuses_what_is_not_git_s_account() -> None:
    """A stream that does not start with a commit header is not read at all."""
    with pytest.raises(git_repo.GitError, match="cannot read git's account of the history"):
        git_history._parse_log(
            source_git.LAYOUT, ":000000 100644 " + "0" * 40 + " " + "1" * 40 + " A\0x\0", ""
        )
