"""Framework versions read from git: snapshots that know their commit.

:mod:`prepctl.io.git` reads the files; which files make the framework is this layer's to say,
so every reading is given :mod:`prepctl.core.source` as its layout (:data:`LAYOUT`), the same
rules a folder on disk is read by.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from prepctl.core import source
from prepctl.io.git import head
from prepctl.io.git.layout import Layout, show

if TYPE_CHECKING:
    from prepctl.io.git.snapshot import Version

LAYOUT: Layout = source
"""The framework's files, as :mod:`prepctl.core.source` names them, for every git reading."""


@dataclass(frozen=True)
class GitSnapshot(source.Snapshot):
    """A framework version read from a commit; files are shown as ``REF:PATH/FILE``."""

    ref: str = ""
    path: str = ""
    commit: str = ""

    def display(self, relative: str) -> str:
        return show(self.ref, self.path, relative)

    def repository_path(self, display: str) -> str:
        """A displayed file name as a path from the repository root (``framework/x.yaml``)."""
        prefix = f"{self.ref}:"
        return display[len(prefix) :] if display.startswith(prefix) else display


def _of(version: Version) -> GitSnapshot:
    return GitSnapshot(
        label=version.label,
        files=version.files,
        changelog=version.changelog,
        unreadable=version.unreadable,
        ref=version.ref,
        path=version.path,
        commit=version.commit,
    )


def read_snapshot(
    argument: str, *, cwd: Path | None = None, keep_going: bool = False
) -> GitSnapshot:
    """The framework at ``REF`` or ``REF:PATH`` in the repository around ``cwd``; with
    ``keep_going``, a file that cannot be read is noted in ``unreadable``, not raised."""
    from prepctl.io.git import snapshot  # the object reader: loaded when a version is read

    return _of(snapshot.read(argument, LAYOUT, cwd=cwd, keep_going=keep_going))


def read_snapshot_of(ref: str, folder: Path) -> GitSnapshot:
    """The framework at ``ref`` that lives, in the working tree, in ``folder``: the same folder
    read from git (for comparing a working tree framework with its own past)."""
    from prepctl.io.git import snapshot

    return _of(snapshot.read_of(ref, folder, LAYOUT))


def head_of(found: source.Snapshot, folder: Path | None) -> head.Head:
    """The commit a snapshot was read from, and whether it differs from that commit: a version
    read from git names its own; a folder on disk (``folder``) names its repository's HEAD,
    marked as uncommitted when its framework files differ from HEAD's; outside a repository,
    or without git installed, the commit is unknown."""
    if isinstance(found, GitSnapshot):
        return found.commit, False
    if folder is None:
        return None, False
    return head.state(found.files, folder, LAYOUT)
