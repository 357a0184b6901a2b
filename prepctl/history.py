"""The semantic history of a framework, or of one address in it, across git history.

``prepctl log`` answers "since when is this threshold so, and why?". The history is the
first-parent chain of commits that touched the framework folder (a merge is compared with its
first parent, as a pull request's merge or squash brings its changes in), read with one
``git log --raw`` and one persistent ``git cat-file --batch`` (:func:`prepctl.git.open_history`).
Each commit is compared with the last readable version before it by the same semantic diff as
``prepctl diff``, so every change carries its impact and the change record, new in that commit,
that justifies it.

Speed: every distinct file version is read and parsed once (parses are cached by blob id), and
a commit is compared on the files it changed only: both sides are loaded from those files, with
the manifest left out when it did not change. That gives exactly the full diff because a change
is classified from the schema alone, change records justify only when they are new, and an item
is matched by its id, provided every item of every collection has a unique id in both versions
(an item without one is named by its position in the whole list) and no collection is ordered;
otherwise the commit is compared on whole documents. ``tests/test_history.py`` checks that both
ways agree on a long history.

A version that cannot be read (broken YAML, a symbolic link, a file over the size limit) is
skipped with a warning, and the next readable version is compared with the last readable one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from prepctl import address, changelog, diff, document, git, meaning, source
from prepctl.diff import Change, Kind
from prepctl.document import Document
from prepctl.errors import FrameworkNotFound, InputError, PrepctlError

_CONTENT_LIMIT = 4096
"""File contents kept in memory at most (they are read again, by blob id, when needed)."""

_STUB_MANIFEST = b"{}\n"
"""Stands in for a manifest that did not change, so that comparing two versions on the files
they changed does not read and index the manifest again."""


class AddressSyntaxError(PrepctlError):
    """An ADDRESS argument that is not written as an address."""


def parse_address(text: str) -> str:
    """A user-given address in canonical form ('/' is the whole framework)."""
    if text in ("", "/"):
        return address.ROOT
    if not text.startswith("/"):
        raise AddressSyntaxError(
            f"'{text}' is not an address: addresses start with '/', such as /{text.strip('/')}"
        )
    body = text[1:].rstrip("/") if len(text) > 1 else ""
    segments = body.split("/")
    if any(not segment for segment in segments):
        raise AddressSyntaxError(f"'{text}' is not an address: it has an empty segment ('//')")
    for segment in segments:
        rest = segment.replace("~0", "").replace("~1", "")
        if "~" in rest:
            raise AddressSyntaxError(
                f"'{text}' is not an address: '~' must be written '~0' (and '/' in an id '~1')"
            )
    return "/" + "/".join(segments)


@dataclass(frozen=True)
class Step:
    """What one commit changed in the framework."""

    commit: str
    short: str
    date: str
    author: str
    changes: tuple[Change, ...]
    records: tuple[changelog.RecordNote, ...]
    created: bool = False


@dataclass(frozen=True)
class Entry:
    """One commit in the history of an address."""

    step: Step
    address: str
    changes: tuple[Change, ...]
    followed: str | None = None
    """After a move into ``address`` in this commit, the address older history is found under."""

    @property
    def records(self) -> tuple[changelog.RecordNote, ...]:
        used = {change.justified_by for change in self.changes}
        return tuple(note for note in self.step.records if note.id in used)


@dataclass(frozen=True)
class Log:
    address: str
    revision_range: str | None
    entries: tuple[Entry, ...]
    """Newest first."""
    warnings: tuple[str, ...] = ()
    suggestion: str | None = None
    """For an empty history: the closest address of the newest version."""
    exists: bool = True
    """Whether the address is in the newest version."""


@dataclass
class _Version:
    """One readable version: its files by full blob id, and the commit it is named after."""

    files: dict[str, str]
    short: str
    commit: str

    @property
    def exists(self) -> bool:
        return source.MANIFEST in self.files


@dataclass(frozen=True)
class _Unreadable:
    problem: str


@dataclass
class _Walk:
    history: git.History
    shorts: dict[str, str]
    partial: bool = True
    content: dict[str, bytes] = field(default_factory=dict)
    segments: dict[tuple[str, str], str] = field(default_factory=dict)
    parsed: set[tuple[str, str]] = field(default_factory=set)
    broken: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)
    last: _Version | None = None
    """The newest readable version walked so far."""
    loaded: tuple[tuple[str, str, tuple[str, ...] | None], Document] | None = None

    def short(self, commit: str | None) -> str:
        return self.shorts.get(commit, commit[:12]) if commit else "start"

    def shown(self, short: str, relative: str) -> str:
        folder = self.history.folder
        return f"{short}:{folder}/{relative}" if folder else f"{short}:{relative}"

    def fetch(self, version: git.FileVersion, short: str, relative: str) -> str | _Unreadable:
        try:
            sha, data = self.history.read(version, self.shown(short, relative))
        except (InputError, git.GitError) as exc:
            return _Unreadable(str(exc))
        self.keep(sha, data)
        return sha

    def keep(self, sha: str, data: bytes) -> None:
        if len(self.content) >= _CONTENT_LIMIT:
            self.content.clear()  # bounded memory; a file needed again is read again
        self.content[sha] = data

    def bytes_of(self, sha: str, shown: str) -> bytes:
        data = self.content.get(sha)
        if data is None:
            _, data = self.history.read(git.FileVersion(sha, "100644"), shown)
            self.keep(sha, data)
        return data

    def problem(self, files: dict[str, str], short: str) -> str | None:
        """Why a version cannot be read, or None. Each file is parsed once (a failure too)."""
        for relative, sha in sorted(files.items()):
            folder = relative.partition("/")[0] if relative != source.MANIFEST else ""
            if sha in self.broken:
                return self.broken[sha]
            if (folder, sha) in self.parsed:
                continue
            try:
                raw = self.bytes_of(sha, self.shown(short, relative))
                parsed = git.parse_cached(raw, self.shown(short, relative))
            except InputError as exc:
                self.broken[sha] = str(exc)
                return self.broken[sha]
            if folder:
                identity = _identities().get(folder, meaning.BY_POSITION)
                self.segments[(folder, sha)] = document.item_segments([parsed.data], identity)[0]
            self.parsed.add((folder, sha))
        return None

    def version(self, tree: dict[str, str | _Unreadable], commit: str | None) -> _Version | None:
        """The version a tree holds, or None (noted as skipped) when it cannot be read."""
        short = self.short(commit)
        unreadable = [value.problem for value in tree.values() if isinstance(value, _Unreadable)]
        files = {relative: sha for relative, sha in tree.items() if isinstance(sha, str)}
        problem = unreadable[0] if unreadable else self.problem(files, short)
        if problem is not None:
            self.skipped.setdefault(problem, []).append(short)
            return None
        return _Version(files, short, commit or "")

    def versions(self) -> Iterator[tuple[git.CommitFiles | None, _Version]]:
        """Each readable version, oldest first: the one before the range (no commit; empty
        when there is none), then one per commit whose framework could be read."""
        history = self.history
        start = history.commits[0].parent if history.commits else None
        tree: dict[str, str | _Unreadable] = {
            relative: self.fetch(version, self.short(start), relative)
            for relative, version in history.start.items()
        }
        first = self.version(tree, start) or _Version({}, self.short(start), start or "")
        self.last = first
        yield None, first
        for commit in history.commits:
            for relative, change in commit.files.items():
                if change is None:
                    tree.pop(relative, None)
                else:
                    tree[relative] = self.fetch(change, self.short(commit.commit), relative)
            current = self.version(tree, commit.commit)
            if current is not None:
                self.last = current
                yield commit, current

    def step(self, commit: git.CommitFiles, old: _Version, new: _Version) -> Step | None:
        """What a commit changed, from the last readable version before it; None if nothing."""
        changes, records = self.compare(old, new)
        if not changes:
            return None
        created = new.exists and not old.exists
        return Step(commit.commit, new.short, commit.date, commit.author, changes, records, created)

    def touches(self, old: _Version, new: _Version, where: str) -> bool:
        """Whether going from ``old`` to ``new`` changed a file that holds ``where`` in either
        version (so that commits that cannot concern an address are never compared)."""
        changed = {
            relative
            for relative in old.files.keys() | new.files.keys()
            if old.files.get(relative) != new.files.get(relative)
        }
        if not changed:
            return False
        segments = address.split(where)
        if not segments or not (old.exists and new.exists):
            return True
        collections = {key: str(node.keyword("directory")) for key, node in _collections()}
        if segments[0] not in collections:
            return source.MANIFEST in changed
        folder = collections[segments[0]]
        inside = {relative for relative in changed if relative.partition("/")[0] == folder}
        if len(segments) == 1 or not inside:
            return bool(inside)
        if not (self.exact(old) and self.exact(new)):
            return True
        return any(
            self.segments.get((folder, version.files[relative])) == segments[1]
            for relative in inside
            for version in (old, new)
            if relative in version.files
        )

    def warnings(self) -> list[str]:
        found = []
        for problem, shorts in self.skipped.items():
            later = len(shorts) - 1
            more = f" and {later} later commit{'s' if later > 1 else ''}" if later else ""
            found.append(f"skipped {shorts[0]}{more}, which could not be read: {problem}")
        if self.history.shallow:
            found.append(f"the history may start later than the framework: {git.SHALLOW_HINT}")
        return found

    def compare(
        self, old: _Version, new: _Version
    ) -> tuple[tuple[Change, ...], tuple[changelog.RecordNote, ...]]:
        if self.partial and old.exists and new.exists and self.exact(old) and self.exact(new):
            changed = {
                relative
                for relative in old.files.keys() | new.files.keys()
                if old.files.get(relative) != new.files.get(relative)
            }
            base, head = self.load(old, changed), self.load(new, changed)
        else:
            base, head = self.load(old, None), self.load(new, None)
        result = diff.diff(base, head)
        used = {change.justified_by for change in result.changes}
        notes = tuple(
            changelog.note_of(head, record) for record in result.records if record.id in used
        )
        return result.changes, notes

    def exact(self, version: _Version) -> bool:
        """Whether comparing on changed files alone names every item as the whole does."""
        if _ordered_collections():
            return False
        seen: set[tuple[str, str]] = set()
        for relative, sha in version.files.items():
            if relative == source.MANIFEST:
                continue
            folder = relative.partition("/")[0]
            segment = self.segments[(folder, sha)]
            if segment.startswith("#") or (folder, segment) in seen:
                return False
            seen.add((folder, segment))
        return True

    def load(self, version: _Version, only: set[str] | None) -> Document:
        """A version as a document: whole, or of the files in ``only``. The last one loaded is
        kept, since consecutive commits often change the same files (one commit's head is the
        next one's base)."""
        key = (version.commit, version.short, tuple(sorted(only)) if only is not None else None)
        if self.loaded is not None and self.loaded[0] == key:
            return self.loaded[1]
        loaded = self._load(version, only)
        self.loaded = (key, loaded)
        return loaded

    def _load(self, version: _Version, only: set[str] | None) -> Document:
        folder = self.history.folder
        files: dict[str, bytes] = {}
        if version.exists:
            for relative, sha in version.files.items():
                if only is None or relative in only:
                    files[relative] = self.bytes_of(sha, self.shown(version.short, relative))
            if only is not None and source.MANIFEST not in only:
                files[source.MANIFEST] = _STUB_MANIFEST
        snapshot = git.GitSnapshot(
            label=f"{version.short}:{folder or '.'}",
            files=files,
            ref=version.short,
            path=folder,
            commit=version.commit,
        )
        if not version.exists:
            return Document(snapshot=snapshot, data={}, files=[], locations={})
        return document.load(snapshot, parse=git.parse_cached)


@cache
def _collections() -> tuple[tuple[str, meaning.SchemaNode], ...]:
    return tuple(meaning.root().collections().items())


@cache
def _identities() -> dict[str, str]:
    return {
        str(node.keyword("directory")): node.identity
        for node in meaning.root().collections().values()
    }


@cache
def _ordered_collections() -> bool:
    return any(node.keyword("ordered") is True for node in meaning.root().collections().values())


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


@dataclass(frozen=True)
class Timeline:
    """Every commit that changed the framework in a range, oldest first."""

    steps: tuple[Step, ...]
    warnings: tuple[str, ...]
    latest: Document | None
    """The newest readable version, whole (None when the framework does not exist there)."""


def timeline(
    revision_range: str | None, *, cwd: Path | None = None, partial: bool = True
) -> Timeline:
    """Every commit that changed the framework in ``A..B`` (or up to a ref; default HEAD)."""
    with _walk(revision_range, cwd=cwd, partial=partial) as walk:
        found: list[Step] = []
        previous: _Version | None = None
        for commit, version in walk.versions():
            if commit is not None and previous is not None:
                step = walk.step(commit, previous, version)
                if step is not None:
                    found.append(step)
            previous = version
        return Timeline(tuple(found), tuple(walk.warnings()), _latest(walk))


@contextmanager
def _walk(revision_range: str | None, *, cwd: Path | None, partial: bool) -> Iterator[_Walk]:
    with git.open_history(revision_range, cwd=cwd) as history:
        commits = [commit.commit for commit in history.commits]
        if history.commits and history.commits[0].parent:
            commits.insert(0, history.commits[0].parent)
        walk = _Walk(history, history.abbreviations(commits), partial=partial)
        yield walk


def _latest(walk: _Walk) -> Document | None:
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
        if latest is None and len(versions) == 1:
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
            if not matched:
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
