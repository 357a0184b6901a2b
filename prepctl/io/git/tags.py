"""Tags: the names git holds, and the one write prepctl asks of git (``release --tag``).

Which tags are releases, and in what order, is the domain's to say (semantic versions): this
module gives the names as git has them. Creating a tag is the only time prepctl writes to a
repository; the repository's own hooks run for it, as they would for ``git tag``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from prepctl.io.git.repo import GitError, NoCommitsYet, Repository, says


class Tags(NamedTuple):
    """Tag names, and whether the clone is shallow (so that older tags may be missing)."""

    names: list[str]
    shallow: bool


def names(prefix: str, *, cwd: Path | None = None, merged: str | None = None) -> Tags:
    """The tags whose names start with ``prefix``, in git's order; with ``merged``, only those
    that ref contains (none in a repository with no commits yet)."""
    where = cwd or Path.cwd()
    repo = Repository.open(f"cannot read framework at ref '{merged or 'HEAD'}'", where)
    arguments = ["for-each-ref", "--format=%(refname)"]
    if merged is not None:
        try:
            arguments.append(f"--merged={repo.commit(merged)}")
        except NoCommitsYet:
            return Tags([], False)
    output = repo.output(*arguments, "refs/tags/")
    found = [line.removeprefix("refs/tags/") for line in output.splitlines()]
    return Tags([tag for tag in found if tag.startswith(prefix)], repo.shallow)


def create(tag: str, message: str, *, cwd: Path, commit: str, sign: bool = False) -> None:
    """An annotated tag on ``commit`` (signed with ``sign``, as ``git tag -s`` signs: with the
    key and format the user's git configuration names); never moves an existing tag. The
    repository's hooks run for the tag's creation, the one write here, as they would for
    ``git tag``."""
    repo = Repository.open(f"cannot create tag {tag}", cwd)
    if repo.run("check-ref-format", f"refs/tags/{tag}").returncode != 0:
        raise GitError(f"'{tag}' is not a valid git tag name")
    exists = repo.run("rev-parse", "--verify", "-q", f"refs/tags/{tag}")
    if exists.returncode == 0:
        raise GitError(f"tag {tag} already exists; a release tag is never moved")
    with _message_file(message) as path:
        kind = "-s" if sign else "-a"
        done = repo.run("tag", kind, "-F", str(path), "--cleanup=verbatim", tag, commit, hooks=True)
    if done.returncode != 0:
        raise GitError(f"{repo.what}: {says(done.stderr)}")


@contextmanager
def _message_file(message: str) -> Iterator[Path]:
    import tempfile

    descriptor, name = tempfile.mkstemp(prefix="prepctl-tag-", suffix=".txt")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(message)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)
