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
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from prepctl.core import address, changelog, changes, diff, document, meaning, source, source_git
from prepctl.core.diff import Change, Kind
from prepctl.core.document import Document, Location
from prepctl.errors import FrameworkNotFound, InputError, PrepctlError
from prepctl.io import yaml as yamlio
from prepctl.io import yaml_pieces
from prepctl.io.git import history as git_history
from prepctl.io.git import repo as git_repo

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
    reviews: tuple[changelog.RecordNote, ...] = ()
    """Reviews recorded in this commit (records of kind review new in it)."""


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

    @property
    def reviews(self) -> tuple[changelog.RecordNote, ...]:
        return tuple(note for note in self.step.reviews if note.concerns(self.address))


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
    exact: bool | None = None
    """Whether comparing this version on changed files alone is exact (found when needed)."""
    snapshot: source_git.GitSnapshot | None = None

    @property
    def exists(self) -> bool:
        return source.MANIFEST in self.files


@dataclass(frozen=True)
class _Unreadable:
    problem: str


_PARSED_LIMIT = 8192
"""Parsed files kept at most (a file needed again after that is parsed again)."""


@dataclass
class _Census:
    """How the last readable version names the items of its collections, kept up to date
    commit by commit (in proportion to what each changed): whether comparing on changed files
    is exact, that is no item is named by its position and no two items alike."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    repeated: int = 0
    unnamed: int = 0

    def count(self, key: tuple[str, str], step: int) -> None:
        before = self.counts.get(key, 0)
        after = self.counts[key] = before + step
        self.repeated += max(after - 1, 0) - max(before - 1, 0)
        if key[1].startswith("#"):
            self.unnamed += step

    def exact(self) -> bool:
        return not (self.repeated or self.unnamed or _ordered_collections())


@dataclass
class _Walk:
    history: git_history.History
    shorts: dict[str, str]
    partial: bool = True
    """Compare each commit on the files it changed, from parses shared between versions
    (False: load and compare whole documents, the reference the tests hold the walk to)."""
    content: dict[str, bytes] = field(default_factory=dict)
    files: dict[str, yamlio.YamlFile] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)
    """Full blob ids by the ids ``git log`` gave."""
    segments: dict[tuple[str, str], str] = field(default_factory=dict)
    census: _Census = field(default_factory=_Census)
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

    def plan(self) -> None:
        """Every file the walk will read, in the order it reads them, for git to look up
        ahead (a window at a time, never one exchange per file)."""
        history = self.history
        wanted = [*history.start.values()]
        for commit in history.commits:
            wanted.extend(change for change in commit.files.values() if change is not None)
        history.expect(wanted)

    def fetch(
        self, version: git_history.FileVersion, short: str, relative: str
    ) -> str | _Unreadable:
        known = self.resolved.get(version.blob)
        if known is not None and not version.is_symlink:
            return known
        try:
            sha, data = self.history.read(version, self.shown(short, relative))
        except git_repo.RepositoryDamaged:
            raise  # git can read no further: no later version could be read either
        except (InputError, git_repo.GitError) as exc:
            return _Unreadable(str(exc))
        self.resolved[version.blob] = sha
        self.keep(sha, data)
        return sha

    def keep(self, sha: str, data: bytes) -> None:
        if len(self.content) >= _CONTENT_LIMIT:
            self.content.clear()  # bounded memory; a file needed again is read again
        self.content[sha] = data

    def bytes_of(self, sha: str, shown: str) -> bytes:
        data = self.content.get(sha)
        if data is None:
            _, data = self.history.read(git_history.FileVersion(sha, "100644"), shown)
            self.keep(sha, data)
        return data

    def yaml(self, sha: str, shown: str) -> yamlio.YamlFile:
        """A file version parsed, once per walk (errors are not kept: :meth:`problem` keeps
        them)."""
        found = self.files.get(sha)
        if found is None:
            raw = self.bytes_of(sha, shown)
            if not self.partial:
                return yaml_pieces.parse_cached(raw, shown)
            if len(self.files) >= _PARSED_LIMIT:
                self.files.clear()
            found = self.files[sha] = yaml_pieces.parse_in_parts(raw, shown)
        return found

    def parse(self, raw: bytes, shown: str) -> yamlio.YamlFile:
        """For ``document.load``: the same parses, found by content."""
        if not self.partial:
            return yaml_pieces.parse_cached(raw, shown)
        sha = git_repo.blob_sha(raw)
        found = self.files.get(sha)
        return found if found is not None else yaml_pieces.parse_in_parts(raw, shown)

    def problem(self, files: dict[str, str], short: str) -> str | None:
        """Why a version cannot be read, or None. Each file is parsed once (a failure too),
        and only files that differ from the last readable version need a look."""
        last = self.last.files if self.last is not None else {}
        for relative, sha in sorted(files.items() - last.items()):
            folder = relative.partition("/")[0] if relative != source.MANIFEST else ""
            if sha in self.broken:
                return self.broken[sha]
            if (folder, sha) in self.parsed:
                continue
            try:
                parsed = self.yaml(sha, self.shown(short, relative))
            except InputError as exc:
                self.broken[sha] = str(exc)
                return self.broken[sha]
            if folder:
                identity = _identities().get(folder, meaning.BY_POSITION)
                self.segments[(folder, sha)] = document.item_segments([parsed.data], identity)[0]
            self.parsed.add((folder, sha))
        return None

    def version(
        self, tree: dict[str, str | _Unreadable], files: dict[str, str], commit: str | None
    ) -> _Version | None:
        """The version a tree holds (``files``: its readable entries), or None (noted as
        skipped) when it cannot be read."""
        short = self.short(commit)
        problem: str | None
        if len(files) != len(tree):
            problem = next(v.problem for v in tree.values() if isinstance(v, _Unreadable))
        else:
            problem = self.problem(files, short)
        if problem is not None:
            self.skipped.setdefault(problem, []).append(short)
            return None
        found = _Version(dict(files), short, commit or "")
        last = self.last.files if self.last is not None else {}
        for relative, sha in files.items() ^ last.items():
            if relative != source.MANIFEST:
                folder = relative.partition("/")[0]
                step = 1 if files.get(relative) == sha else -1
                self.census.count((folder, self.segments[(folder, sha)]), step)
        found.exact = self.census.exact()
        return found

    def versions(self) -> Iterator[tuple[git_history.CommitFiles | None, _Version]]:
        """Each readable version, oldest first: the one before the range (no commit; empty
        when there is none), then one per commit whose framework could be read."""
        history = self.history
        self.plan()
        start = history.commits[0].parent if history.commits else None
        tree: dict[str, str | _Unreadable] = {
            relative: self.fetch(version, self.short(start), relative)
            for relative, version in history.start.items()
        }
        files = {relative: sha for relative, sha in tree.items() if isinstance(sha, str)}
        first = self.version(tree, files, start) or _Version({}, self.short(start), start or "")
        self.last = first
        yield None, first
        for commit in history.commits:
            for relative, change in commit.files.items():
                if change is None:
                    tree.pop(relative, None)
                    files.pop(relative, None)
                    continue
                found = tree[relative] = self.fetch(change, self.short(commit.commit), relative)
                if isinstance(found, str):
                    files[relative] = found
                else:
                    files.pop(relative, None)
            current = self.version(tree, files, commit.commit)
            if current is not None:
                self.last = current
                yield commit, current

    def step(self, commit: git_history.CommitFiles, old: _Version, new: _Version) -> Step | None:
        """What a commit changed, from the last readable version before it; None if nothing."""
        changes, records = self.compare(old, new)
        reviews = tuple(note for note in records if note.review)
        if not changes and not reviews:
            return None
        created = new.exists and not old.exists
        records = tuple(note for note in records if not note.review)
        return Step(
            commit.commit, new.short, commit.date, commit.author, changes, records, created, reviews
        )

    def touches(self, old: _Version, new: _Version, where: str) -> bool:
        """Whether going from ``old`` to ``new`` changed a file that holds ``where`` in either
        version (so that commits that cannot concern an address are never compared)."""
        changed = _changed(old, new)
        if not changed:
            return False
        if any(relative.startswith(changes.directory() + "/") for relative in changed):
            return True  # a review of the address may be recorded there
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
            found.append(f"the history may start later than the framework: {git_repo.SHALLOW_HINT}")
        return found

    def compare(
        self, old: _Version, new: _Version
    ) -> tuple[tuple[Change, ...], tuple[changelog.RecordNote, ...]]:
        if not self.partial:
            base, head = self.load(old, None), self.load(new, None)
            result = diff.diff(base, head)
            used = {change.justified_by for change in result.changes}
            notes = tuple(
                changelog.note_of(head, record)
                for record in result.records
                if record.id in used or not record.justifies
            )
            return result.changes, notes
        only = None
        if old.exists and new.exists and self.exact(old) and self.exact(new):
            only = _changed(old, new)
        base, head = self.view(old, only), self.view(new, only)
        # As diff.diff compares and justifies, without what a log does not show.
        found = diff.compare(base, head, keyed=diff.keyed_pair(base, head))
        records = changes.new_records(base, head)
        if not records:  # nothing new to justify with (most commits)
            return tuple(found), ()
        justified = tuple(
            replace(change, justified_by=record.id if record else None)
            for change in found
            for record in [changes.covering(records, change.addresses)]
        )
        used = {change.justified_by for change in justified}
        notes = tuple(
            changelog.note_of(head, record)
            for record in records
            if record.id in used or not record.justifies
        )
        return justified, notes

    def exact(self, version: _Version) -> bool:
        """Whether comparing on changed files alone names every item as the whole does."""
        if version.exact is None:
            version.exact = self._exact(version)
        return version.exact

    def _exact(self, version: _Version) -> bool:
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

    def view(self, version: _Version, only: set[str] | None) -> _View:
        """A version as a document, whole or of the files in ``only`` (the manifest left out
        when it is not among them), assembled from the parses the walk already holds: what
        ``document.load`` assembles, with each location looked up when asked for."""
        snapshot = self.snapshot(version)
        if not version.exists:
            return _View(snapshot=snapshot, data={}, files=[], locations={})
        prefix = snapshot.display("")
        shown = prefix + source.MANIFEST
        if only is None or source.MANIFEST in only:
            manifest = self.yaml(version.files[source.MANIFEST], shown)
        else:
            manifest = yaml_pieces.parse_cached(_STUB_MANIFEST, shown)
        data: dict[str, Any] = dict(manifest.data) if isinstance(manifest.data, dict) else {}
        sources: list[_Source] = [([], shown, manifest, meaning.root())]
        folders: dict[str, list[str]] = {}
        for relative in sorted(version.files if only is None else only & version.files.keys()):
            if relative != source.MANIFEST:
                folders.setdefault(relative.partition("/")[0], []).append(relative)
        for key, folder, identity, node in _collection_places():
            relatives = folders.get(folder)
            if not relatives:
                data[key] = []
                continue
            parsed = [
                self.yaml(version.files[relative], prefix + relative) for relative in relatives
            ]
            items = [file.data for file in parsed]
            segments = document.item_segments(items, identity)
            for relative, file, segment in zip(relatives, parsed, segments, strict=True):
                sources.append(([key, segment], prefix + relative, file, node))
            data[key] = items
        return _View(snapshot=snapshot, data=data, files=[], locations={}, sources=sources)

    def snapshot(self, version: _Version) -> source_git.GitSnapshot:
        if version.snapshot is None:
            folder = self.history.folder
            version.snapshot = source_git.GitSnapshot(
                label=f"{version.short}:{folder or '.'}",
                files={},
                ref=version.short,
                path=folder,
                commit=version.commit,
            )
        return version.snapshot

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
        snapshot = source_git.GitSnapshot(
            label=f"{version.short}:{folder or '.'}",
            files=files,
            ref=version.short,
            path=folder,
            commit=version.commit,
        )
        if not version.exists:
            return Document(snapshot=snapshot, data={}, files=[], locations={})
        return document.load(snapshot, parse=self.parse)


_Source = tuple[list[str], str, yamlio.YamlFile, meaning.SchemaNode | None]
"""One file of a version: its address (as segments), its name as shown, its parse and its
schema."""


@dataclass
class _View(Document):
    """A version as ``document.load`` assembles it, but with each location found when asked
    for (a comparison asks for a few), instead of every value's indexed in advance."""

    sources: list[_Source] = field(default_factory=list)
    """In the order ``document.load`` indexes them: the manifest, then each collection's
    files by name; the first file to hold an address gives its location."""

    def location(self, where: str) -> Location | None:
        while True:
            found = self._held(where)
            if found is not None:
                return found
            if where in (address.ROOT, "/"):
                return None
            where = address.parent(where)

    def _held(self, where: str) -> Location | None:
        segments = address.split(where)
        for base, shown, parsed, node in self.sources:
            depth = len(base)
            if segments[:depth] != base:
                continue
            path = _path_to(parsed.data, node, segments[depth:], ())
            if path is not None:
                while path not in parsed.values and path:
                    path = path[:-1]
                line, column = parsed.values.get(path, (1, 1))
                return Location(shown, line, column)
        return None


def _path_to(
    value: Any, node: meaning.SchemaNode | None, segments: list[str], path: yamlio.Path
) -> yamlio.Path | None:
    """The first path (in the order ``document`` indexes values) to the value at the address
    segments ``segments`` below ``value``, or None."""
    if not segments:
        return path
    segment, rest = segments[0], segments[1:]
    if isinstance(value, dict):
        if segment not in value:
            return None
        child = node.entry(segment) if node else None
        return _path_to(value[segment], child, rest, (*path, segment))
    if isinstance(value, list):
        identity = node.identity if node else meaning.BY_POSITION
        items = node.items() if node else None
        for index, found in enumerate(document.item_segments(value, identity)):
            if found == segment:
                below = _path_to(value[index], items, rest, (*path, index))
                if below is not None:
                    return below
    return None


def _changed(old: _Version, new: _Version) -> set[str]:
    """The files that differ between two versions (added, removed or changed)."""
    return {relative for relative, _ in old.files.items() ^ new.files.items()}


@cache
def _collections() -> tuple[tuple[str, meaning.SchemaNode], ...]:
    return tuple(meaning.root().collections().items())


@cache
def _collection_places() -> tuple[tuple[str, str, str, meaning.SchemaNode | None], ...]:
    """Each collection as a version is assembled from it: its key, its folder, its items'
    identity and schema, in the manifest schema's order."""
    return tuple(
        (key, str(node.keyword("directory")), node.identity, node.items())
        for key, node in meaning.root().collections().items()
    )


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
    with git_history.open_history(revision_range, source_git.LAYOUT, cwd=cwd) as history:
        commits = [commit.commit for commit in history.commits]
        if history.commits and history.commits[0].parent:
            commits.insert(0, history.commits[0].parent)
        walk = _Walk(history, history.abbreviations(commits), partial=partial)
        try:
            yield walk
        finally:
            yaml_pieces.forget_parts()


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
