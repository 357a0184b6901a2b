"""The semantic history of a framework, or of one address in it, across git history.

``prepctl log`` answers "since when is this threshold so, and why?". The history is the
first-parent chain of commits that touched the framework folder (a merge is compared with its
first parent, as a pull request's merge or squash brings its changes in), read with one
``git log --raw`` and one persistent ``git cat-file --batch`` (:mod:`prepctl.io.git.history`).
Each commit is compared with the last readable version before it by the same semantic diff as
``prepctl diff``, so every change carries its impact and the change record, new in that commit,
that justifies it.

Speed: a handful of git processes, however long the history (``git rev-parse``, one ``git log``,
one ``git cat-file`` asked for every file version a window at a time; see :mod:`prepctl.io.git`).
Every distinct file version is parsed once, and in pieces shared between versions
(:mod:`prepctl.io.yaml_pieces`: the entries of a file's top-level mapping and the items of
the lists in them, each piece's text parsed once), so a version that changes one value is one
small parse, and its unchanged parts are the very objects the version before holds. A commit is
compared on the files it changed only, with the manifest left out when it did not change: both
sides are assembled from those parses (no file is indexed in advance; a location is found when
a change needs one) and keyed only where they differ (:func:`prepctl.core.diff.keyed_pair`), so a
commit costs in proportion to its change. Comparing changed files alone gives exactly the full
diff because a change is classified from the schema alone, change records justify only when
they are new, and an item is matched by its id, provided every item of every collection has a
unique id in both versions (an item without one is named by its position in the whole list) and
no collection is ordered; otherwise the commit is compared on whole versions, assembled the same
way. ``tests/test_history.py`` and ``tests/test_history_walk.py`` check that all this agrees
with loading and comparing whole documents (``partial=False``) on long, varied histories.

A version that cannot be read (broken YAML, a symbolic link, a file over the size limit) is
skipped with a warning, and the next readable version is compared with the last readable one.

The walk is :mod:`.walk`, the versions it assembles :mod:`.view`, what it finds :mod:`.records`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import Any

from prepctl.core import address, document, meaning, source, source_git
from prepctl.core.diff import Change, Kind
from prepctl.core.document import Document
from prepctl.core.history.records import Entry, Log, Step, Timeline
from prepctl.core.history.walk import Version, Walk
from prepctl.errors import FrameworkNotFound, PrepctlError
from prepctl.io import yaml_pieces
from prepctl.io.git import history as git_history

__all__ = ["Entry", "Log", "Step", "Timeline", "concerns", "log", "suggest", "timeline"]


def concerns(change: Change, where: str) -> bool:
    """Whether a change belongs to the history of an address: it is at or below the address,
    or the address lies inside what changed (an item added, removed or moved as a whole, which
    held the address)."""
    for place in change.addresses:
        if address.is_within(place, where):
            return True
        if address.is_within(where, place) and _holds(change, place, where):
            return True
    return False


def _holds(change: Change, place: str, where: str) -> bool:
    """Whether the value that changed at ``place`` holds the address ``where`` below it."""
    node: meaning.SchemaNode | None = meaning.root()
    for segment in address.split(place):
        node = _child(node, segment)
    rest = address.split(where)[len(address.split(place)) :]
    return any(_find(value, node, rest) for value in (change.before, change.after))


def _child(node: meaning.SchemaNode | None, segment: str) -> meaning.SchemaNode | None:
    if node is None:
        return None
    return node.items() if node.schema.get("type") == "array" else node.entry(segment)


def _find(value: Any, node: meaning.SchemaNode | None, segments: list[str]) -> bool:
    for segment in segments:
        if isinstance(value, dict):
            value = value.get(segment)
        elif isinstance(value, list):
            identity = node.identity if node is not None else meaning.BY_POSITION
            found = document.item_segments(value, identity)
            value = value[found.index(segment)] if segment in found else None
        else:
            return False
        if value is None:
            return False
        node = _child(node, segment)
    return True


def suggest(where: str, known: set[str]) -> str | None:
    """The likeliest meant address: the longest known prefix, then the closest known child at
    each step."""
    known = set(known)
    for other in list(known):
        while other != address.ROOT:
            other = address.parent(other)
            known.add(other)
    segments = address.split(where)
    current = address.ROOT
    for segment in segments:
        candidate = address.join(current, segment)
        if candidate in known:
            current = candidate
            continue
        children = sorted(
            address.split(other)[-1]
            for other in known
            if other != address.ROOT and address.parent(other) == current
        )
        close = [child for child in children if child.startswith(segment)]
        close = close or difflib.get_close_matches(segment, children, n=1, cutoff=0.5)
        if not close:
            return None
        current = address.join(current, close[0])
    return current if current != where and current in known else None


def timeline(
    revision_range: str | None, *, cwd: Path | None = None, partial: bool = True
) -> Timeline:
    """Every commit that changed the framework in ``A..B`` (or up to a ref; default HEAD)."""
    with _walk(revision_range, cwd=cwd, partial=partial) as walk:
        found: list[Step] = []
        previous: Version | None = None
        for commit, version in walk.versions():
            if commit is not None and previous is not None:
                step = walk.step(commit, previous, version)
                if step is not None:
                    found.append(step)
            previous = version
        return Timeline(tuple(found), tuple(walk.warnings()), _latest(walk))


@contextmanager
def _walk(revision_range: str | None, *, cwd: Path | None, partial: bool) -> Iterator[Walk]:
    with git_history.open_history(revision_range, source_git.LAYOUT, cwd=cwd) as history:
        commits = [commit.commit for commit in history.commits]
        if history.commits and history.commits[0].parent:
            commits.insert(0, history.commits[0].parent)
        walk = Walk(history, history.abbreviations(commits), partial=partial)
        try:
            yield walk
        finally:
            yaml_pieces.forget_parts()


def _latest(walk: Walk) -> Document | None:
    newest = walk.last
    return walk.load(newest, None) if newest is not None and newest.exists else None


def log(
    where: str,
    *,
    revision_range: str | None = None,
    cwd: Path | None = None,
    partial: bool = True,
) -> Log:
    """The history of an address (the root address: of the whole framework), newest first.

    Every readable version is read first (each distinct file once); then, from the newest
    commit back, only the commits that changed a file holding the address are compared. A move
    into the address is followed: older history is looked up under the address the item had
    before the move.
    """
    with _walk(revision_range, cwd=cwd, partial=partial) as walk:
        versions = list(walk.versions())
        latest = _latest(walk)
        if latest is None and len(versions) == 1 and revision_range and ".." in revision_range:
            alone = " ('..' alone means HEAD..HEAD, which holds no commits: give A..B, A.. or ..B)"
            raise FrameworkNotFound(
                f"no commit in the range '{revision_range}' changed the framework"
                + (alone if revision_range == ".." else "")
            )
        if latest is None and len(versions) == 1:
            if walk.skipped:  # there is a framework, but no version of it can be read: why
                raise PrepctlError(list(walk.skipped)[-1])
            raise FrameworkNotFound(
                f"no framework in the history of {revision_range or 'HEAD'} (looked for "
                f"{source.MANIFEST} in the framework folder)"
            )
        entries: list[Entry] = []
        current = where
        for (_, old), (commit, new) in reversed(list(pairwise(versions))):
            if commit is None or not walk.touches(old, new, current):
                continue
            step = walk.step(commit, old, new)
            if step is None:
                continue
            matched = tuple(change for change in step.changes if concerns(change, current))
            if not matched and not any(note.concerns(current) for note in step.reviews):
                continue
            followed = _moved_from(matched, current)
            entries.append(Entry(step, current, matched, followed))
            if followed is not None:
                current = followed
        warnings = walk.warnings()
    exists = latest is not None and (where == address.ROOT or where in latest.locations)
    suggestion = None
    if not entries and not exists and latest is not None:
        suggestion = suggest(where, set(latest.locations))
    return Log(where, revision_range, tuple(entries), tuple(warnings), suggestion, exists)


def _moved_from(changes: tuple[Change, ...], where: str) -> str | None:
    """The old address of ``where`` when one of the changes moved it (or an ancestor) here."""
    for change in changes:
        if (
            change.kind is Kind.MOVED
            and change.base_address is not None
            and address.is_within(where, change.address)
            and change.address != address.ROOT
        ):
            return change.base_address + where[len(change.address) :]
    return None
