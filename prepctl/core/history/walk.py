"""The incremental walk over a framework's git history: every readable version once, each file
version parsed once and in pieces shared between versions, each commit compared on the files it
changed (see :mod:`prepctl.core.history`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from prepctl.core import address, changelog, changes, diff, document, meaning, source, source_git
from prepctl.core.diff import Change
from prepctl.core.document import Document
from prepctl.core.history.records import Step
from prepctl.core.history.view import STUB_MANIFEST, View, assemble
from prepctl.errors import InputError
from prepctl.io import yaml as yamlio
from prepctl.io import yaml_pieces
from prepctl.io.git import history as git_history
from prepctl.io.git import repo as git_repo

CONTENT_LIMIT = 4096
"""File contents kept in memory at most (they are read again, by blob id, when needed)."""


@dataclass
class Version:
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
class Unreadable:
    problem: str


PARSED_LIMIT = 8192
"""Parsed files kept at most (a file needed again after that is parsed again)."""


@dataclass
class Census:
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
class Walk:
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
    census: Census = field(default_factory=Census)
    parsed: set[tuple[str, str]] = field(default_factory=set)
    broken: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)
    last: Version | None = None
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
    ) -> str | Unreadable:
        known = self.resolved.get(version.blob)
        if known is not None and not version.is_symlink:
            return known
        try:
            sha, data = self.history.read(version, self.shown(short, relative))
        except git_repo.RepositoryDamaged:
            raise  # git can read no further: no later version could be read either
        except (InputError, git_repo.GitError) as exc:
            return Unreadable(str(exc))
        self.resolved[version.blob] = sha
        self.keep(sha, data)
        return sha

    def keep(self, sha: str, data: bytes) -> None:
        if len(self.content) >= CONTENT_LIMIT:
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
            if len(self.files) >= PARSED_LIMIT:
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
        self, tree: dict[str, str | Unreadable], files: dict[str, str], commit: str | None
    ) -> Version | None:
        """The version a tree holds (``files``: its readable entries), or None (noted as
        skipped) when it cannot be read."""
        short = self.short(commit)
        problem: str | None
        if len(files) != len(tree):
            problem = next(v.problem for v in tree.values() if isinstance(v, Unreadable))
        else:
            problem = self.problem(files, short)
        if problem is not None:
            self.skipped.setdefault(problem, []).append(short)
            return None
        found = Version(dict(files), short, commit or "")
        last = self.last.files if self.last is not None else {}
        for relative, sha in files.items() ^ last.items():
            if relative != source.MANIFEST:
                folder = relative.partition("/")[0]
                step = 1 if files.get(relative) == sha else -1
                self.census.count((folder, self.segments[(folder, sha)]), step)
        found.exact = self.census.exact()
        return found

    def versions(self) -> Iterator[tuple[git_history.CommitFiles | None, Version]]:
        """Each readable version, oldest first: the one before the range (no commit; empty
        when there is none), then one per commit whose framework could be read."""
        history = self.history
        self.plan()
        start = history.commits[0].parent if history.commits else None
        tree: dict[str, str | Unreadable] = {
            relative: self.fetch(version, self.short(start), relative)
            for relative, version in history.start.items()
        }
        files = {relative: sha for relative, sha in tree.items() if isinstance(sha, str)}
        first = self.version(tree, files, start) or Version({}, self.short(start), start or "")
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

    def step(self, commit: git_history.CommitFiles, old: Version, new: Version) -> Step | None:
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

    def touches(self, old: Version, new: Version, where: str) -> bool:
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
        self, old: Version, new: Version
    ) -> tuple[tuple[Change, ...], tuple[changelog.RecordNote, ...]]:
        if not self.partial:
            base, head = self.load(old, None), self.load(new, None)
            result = diff.diff(base, head)
            used = {change.justified_by for change in result.changes}
            return result.changes, changelog.notes_of(head, result.records, used)
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
        return justified, changelog.notes_of(head, records, used)

    def exact(self, version: Version) -> bool:
        """Whether comparing on changed files alone names every item as the whole does."""
        if version.exact is None:
            version.exact = self._exact(version)
        return version.exact

    def _exact(self, version: Version) -> bool:
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

    def view(self, version: Version, only: set[str] | None) -> View:
        """A version as a document, whole or of the files in ``only``, from the parses the walk
        already holds (:func:`prepctl.core.history.view.assemble`)."""
        return assemble(self.snapshot(version), version.files, only, self.yaml)

    def snapshot(self, version: Version) -> source_git.GitSnapshot:
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

    def load(self, version: Version, only: set[str] | None) -> Document:
        """A version as a document: whole, or of the files in ``only``. The last one loaded is
        kept, since consecutive commits often change the same files (one commit's head is the
        next one's base)."""
        key = (version.commit, version.short, tuple(sorted(only)) if only is not None else None)
        if self.loaded is not None and self.loaded[0] == key:
            return self.loaded[1]
        loaded = self._load(version, only)
        self.loaded = (key, loaded)
        return loaded

    def _load(self, version: Version, only: set[str] | None) -> Document:
        folder = self.history.folder
        files: dict[str, bytes] = {}
        if version.exists:
            for relative, sha in version.files.items():
                if only is None or relative in only:
                    files[relative] = self.bytes_of(sha, self.shown(version.short, relative))
            if only is not None and source.MANIFEST not in only:
                files[source.MANIFEST] = STUB_MANIFEST
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


def _changed(old: Version, new: Version) -> set[str]:
    """The files that differ between two versions (added, removed or changed)."""
    return {relative for relative, _ in old.files.items() ^ new.files.items()}


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
