"""Releases: the framework's own semantic version, set from what changed.

A release is the manifest's ``version`` and ``effective`` date, a section of
``framework/CHANGELOG.md``, and an annotated git tag ``<prefix><version>`` (prefix
``framework-v`` unless ``[tool.prepctl.release] tag-prefix`` says otherwise). The next version
follows from the semantic diff since the last release tag (the highest version tagged with the
prefix that HEAD contains): a weakening makes a major version, a strengthening or a new item a
minor one, anything else (wording, neutral fields) a patch. A change that needs review could
be either, so the person releasing decides with ``--bump`` (when a weakening already asks for a
major version, nothing is left to decide). With no release tag yet, the manifest's version is
released as it is, and the changelog lists every change record.

Releasing folds the change records that are new since the last release into the changelog and
moves their files to ``changes/archive/<version>/`` (the schema's ``x-prepctl-archive``), which
leaves ``changes/`` holding only what the next release will fold. An archived record is still a
change record, named by its id wherever its file lives: it keeps justifying its release's
changes between any two versions on either side of that release, and justifies nothing after
it (a record already in the base explains nothing new). Change records are not compared
(``x-prepctl-compare: false``), so moving them is no change.

Writing is all or nothing as far as a process can make it: every new file is written to a
temporary file beside its target first, and only when all of them are written are they renamed
into place, one after another; if a rename or removal fails, the ones already done are undone.
What remains is the window between the renames themselves: a crash (power loss, SIGKILL) there
can leave some files renamed and others not, which ``git status`` shows and ``git checkout``
undoes.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from functools import total_ordering
from pathlib import Path
from typing import Any

from prepctl.core import address, changelog, changes, compliance, diff, document, source, validate
from prepctl.core.classify import Impact
from prepctl.core.diff import Change, Kind
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.errors import PrepctlError
from prepctl.io import yaml as yamlio

ARCHIVE = "archive"


class Refusal(PrepctlError):
    """The release cannot go ahead as asked; the message says what to do (exit 1)."""


# Versions ---------------------------------------------------------------------------------

# semver.org's own regular expression (2.0.0, "Is there a suggested regular expression?"), with
# \d written [0-9] so that no engine reads other scripts' digits; schemas/common.schema.json
# holds the same pattern. Groups: major, minor, patch, pre-release, build.
SEMVER_PATTERN = (
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?(?!\n)$"
)
"""semver.org's expression, ending so that no engine lets a final line break through."""
_SEMVER = re.compile(SEMVER_PATTERN.removesuffix("(?!\n)$"))
SEMVER_MAX_LENGTH = 255
"""semver.org sets no limit, and its FAQ calls 255 characters probably overkill: a longer
version is refused (by the schema too), which also keeps every number within what Python
converts to an int."""


class Bump(str, Enum):
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return ("patch", "minor", "major").index(self.value)


@total_ordering
@dataclass(frozen=True)
class Semver:
    """A semantic version, ordered by semver.org's precedence (rule 11). Build metadata is
    kept for display but has no say in the order or in equality (rule 10)."""

    major: int
    minor: int
    patch: int
    prerelease: str | None = None
    build: str | None = field(default=None, compare=False)

    @classmethod
    def parse(cls, text: Any) -> Semver | None:
        if not isinstance(text, str) or len(text) > SEMVER_MAX_LENGTH:
            return None
        found = _SEMVER.fullmatch(text)
        if found is None:
            return None
        major, minor, patch, pre, build = found.groups()
        return cls(int(major), int(minor), int(patch), pre, build)

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease is not None:
            text += f"-{self.prerelease}"
        return text if self.build is None else f"{text}+{self.build}"

    def _key(self) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
        # A pre-release sorts before its release; its identifiers compare numerically when
        # numeric (never with a leading zero, so one order), and a numeric one sorts before an
        # alphanumeric one; a longer list wins when the shared part is equal (rule 11).
        identifiers = tuple(
            (0, int(part)) if part.isdigit() else (1, part)
            for part in (self.prerelease.split(".") if self.prerelease is not None else ())
        )
        release = 0 if self.prerelease is not None else 1
        return (self.major, self.minor, self.patch, release, identifiers)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Semver):
            return NotImplemented
        return self._key() < other._key()

    def bumped(self, bump: Bump) -> Semver:
        """The next version of this kind (a pre-release of it becomes that version itself)."""
        if bump is Bump.MAJOR:
            keep = self.prerelease is not None and self.minor == 0 and self.patch == 0
            return Semver(self.major if keep else self.major + 1, 0, 0)
        if bump is Bump.MINOR:
            keep = self.prerelease is not None and self.patch == 0
            return Semver(self.major, self.minor if keep else self.minor + 1, 0)
        return Semver(self.major, self.minor, self.patch if self.prerelease else self.patch + 1)

    def satisfies(self, previous: Semver, bump: Bump) -> bool:
        """Whether going from ``previous`` to this version is at least a ``bump``."""
        return self >= previous.bumped(bump)


@dataclass(frozen=True)
class Requirement:
    """The smallest version bump a set of changes asks for, and why."""

    bump: Bump | None
    """None when nothing but the release fields changed."""
    reason: str
    undecided: tuple[Change, ...] = ()
    """Changes that need review: they could ask for more than ``bump``."""

    @property
    def decided(self) -> bool:
        return not self.undecided or self.bump is Bump.MAJOR


def required(result: diff.DiffResult, head: Document) -> Requirement:
    """Weakening → major; strengthening or a new item → minor; anything else → patch."""
    found = changelog.content_changes(result)
    if not found:
        return Requirement(None, "no changes")
    weakening = [c for c in found if c.impact is Impact.WEAKENING]
    review = tuple(c for c in found if c.impact is Impact.NEEDS_REVIEW)
    stronger = [c for c in found if c.impact is Impact.STRENGTHENING]
    added = [c for c in found if _new_item(c, head) and c.impact is not Impact.STRENGTHENING]
    if weakening:
        return Requirement(Bump.MAJOR, _count(len(weakening), "weakening", "weakening"), review)
    if stronger or added:
        parts = []
        if stronger:
            parts.append(_count(len(stronger), "strengthening", "strengthening"))
        if added:
            parts.append(_count(len(added), "new item", "new items"))
        return Requirement(Bump.MINOR, ", ".join(parts), review)
    if review:
        return Requirement(
            Bump.PATCH,
            _count(len(review), "change that needs review", "changes that need review"),
            review,
        )
    return Requirement(
        Bump.PATCH,
        _count(len(found), "editorial or neutral change", "editorial or neutral changes"),
    )


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _new_item(change: Change, head: Document) -> bool:
    return change.kind is Kind.ADDED and isinstance(head.get(address.parent(change.address)), list)


# The plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Everything a release will do, worked out before anything is written."""

    folder: Path
    label: str
    name: str
    current: Semver
    version: Semver
    date: str
    tag: str
    last_tag: str | None
    last_version: Semver | None
    requirement: Requirement
    bump: Bump | None
    notes: tuple[changelog.RecordNote, ...]
    section: str
    writes: dict[Path, bytes] = field(default_factory=dict)
    removes: tuple[Path, ...] = ()
    material: compliance.MaterialModification | None = None

    @property
    def archive(self) -> Path:
        return self.folder / changes.directory() / ARCHIVE / str(self.version)

    def shown(self, path: Path) -> str:
        relative = path.relative_to(self.folder).as_posix()
        return f"{self.label}/{relative}" if self.label else relative

    def headline(self) -> str:
        if self.last_tag is None or self.last_version is None:
            return (
                f"framework {self.version} (first release: no {self.tag_prefix}* tag is "
                f"reachable from HEAD, so version {self.current} is released as it is and the "
                "changelog lists every change record)"
            )
        bump = self.bump.value if self.bump is not None else "no change"
        why = self.requirement.reason
        if self.bump is not None and self.requirement.bump is not None:
            if self.bump.rank > self.requirement.bump.rank:
                needed = self.requirement.bump.value
                why = f"--bump {self.bump.value}; the changes need {needed}: {why}"
        elif self.bump is not None:
            why = f"--bump {self.bump.value}"
        return (
            f"framework {self.last_version} → {self.version} ({bump}: {why} since {self.last_tag})"
        )

    @property
    def tag_prefix(self) -> str:
        return self.tag[: len(self.tag) - len(str(self.version))]

    def tag_command(self) -> str:
        return f"git tag -a {shlex.quote(self.tag)} -m {shlex.quote(f'{self.name} {self.version}')}"

    def lines(self, *, done: bool) -> list[str]:
        """What the release did (``done``) or will do."""
        manifest = self.shown(self.folder / source.MANIFEST)
        notes = self.shown(self.folder / changelog.NAME)
        records = _count(len(self.notes), "change record", "change records")
        fold, set_, move = (
            ("folded", "set", "moved") if done else ("will fold", "will set", "will move")
        )
        out = [self.headline()]
        out.append(f"  {fold} {records} into the {self.version} section of {notes}")
        out.append(f"  {set_} version {self.version} and effective date {self.date} in {manifest}")
        if self.removes:
            moved = _count(len(self.removes), "change record", "change records")
            out.append(f"  {move} the {moved} to {self.shown(self.archive)}/")
        if self.material is not None:
            out += ["  " + line for line in self.material.lines()]
        return out


def plan(
    folder: Path,
    *,
    tag_prefix: str,
    today: date,
    release_date: date | None = None,
    bump: Bump | None = None,
    profiles: tuple[Path, ...] = (),
) -> Plan:
    """Work out a release of the framework in ``folder`` (a working tree) without writing."""
    from prepctl.io import git

    snapshot = source.read_directory(folder)
    head = document.load(snapshot, parse=git.parse_cached)
    _require_valid(head, snapshot.label)
    current = Semver.parse(head.data.get("version"))
    if current is None:  # pragma: no cover - the schema requires a semantic version
        raise PrepctlError(
            f"{snapshot.display(source.MANIFEST)}: version is not a semantic version"
        )
    name = str(head.data.get("name") or "framework")
    tags = git.release_tags(tag_prefix, cwd=folder, merged="HEAD")
    last_tag, last_version = (tags[-1][0], Semver.parse(tags[-1][1])) if tags else (None, None)
    when = (release_date or today).isoformat()
    changelog_text = _decode(snapshot.changelog, snapshot.display(changelog.NAME))
    if last_tag is None or last_version is None:
        base: Document | None = None
        requirement = Requirement(None, "first release")
        chosen: Bump | None = None
        version = current
        result = None
    else:
        base_snapshot = git.read_snapshot_of(last_tag, folder)
        base = document.load(base_snapshot, parse=git.parse_cached)
        result = diff.diff(base, head)
        requirement = required(result, head)
        chosen, version = _next_version(
            requirement, bump, last_version, current, last_tag, snapshot.label
        )
        previous = base.data.get("effective")
        if isinstance(previous, str) and when <= previous:
            raise PrepctlError(
                f"the effective date {when} is not after {previous}, when {last_version} took "
                "effect; give a later one with --date YYYY-MM-DD"
            )
    if changelog_text is not None and changelog.has_section(changelog_text, str(version)):
        raise Refusal(
            f"{snapshot.display(changelog.NAME)} already has a section for {version}: that "
            f"release is prepared; commit it and run 'prepctl release --tag'"
        )
    notes = notes_since(base, head)
    section = changelog_section(
        head,
        result,
        requirement,
        notes,
        version=str(version),
        when=when,
        bump=chosen,
        since=(last_tag, last_version) if last_tag and last_version else None,
    )
    draft = Plan(
        folder=folder,
        label=snapshot.label,
        name=name,
        current=current,
        version=version,
        date=when,
        tag=f"{tag_prefix}{version}",
        last_tag=last_tag,
        last_version=last_version,
        requirement=requirement,
        bump=chosen,
        notes=notes,
        section=section,
        material=(
            compliance.material_modification(
                result,
                head,
                compliance.Catalogue(profiles),
                effective=date.fromisoformat(when),
            )
            if result is not None
            else None
        ),
    )
    writes, removes = _writes(draft, head, snapshot, changelog_text)
    return replace(draft, writes=writes, removes=removes)


def _require_valid(head: Document, label: str) -> None:
    errors = [f for f in validate.validate(head) if f.severity is Severity.ERROR]
    if errors:
        first = min(errors, key=lambda f: f.sort_key())
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PrepctlError(
            f"cannot release {label or '.'}: {first.file}:{first.line}:{first.column}: "
            f"{first.message}{more}; run 'prepctl lint' for every error"
        )


def _decode(raw: bytes | None, shown: str) -> str | None:
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PrepctlError(f"{shown}: not UTF-8 (byte {exc.start + 1})") from None


def _next_version(
    requirement: Requirement,
    bump: Bump | None,
    last: Semver,
    current: Semver,
    last_tag: str,
    label: str,
) -> tuple[Bump | None, Semver]:
    if current < last:
        raise PrepctlError(
            f"{label}/{source.MANIFEST} says version {current}, older than {last} ({last_tag})"
        )
    if requirement.bump is None and bump is None:
        if current == last:
            raise Refusal(f"nothing to release: no changes since {last_tag}")
        return None, current
    if bump is None and not requirement.decided:
        listed = "; ".join(
            f"{address.display(c.address)}: {c.detail}" for c in requirement.undecided
        )
        raise Refusal(
            f"{_count(len(requirement.undecided), 'change needs', 'changes need')} review "
            f"before the version can be chosen: {listed}. Decide what they are and rerun with "
            "--bump major|minor|patch"
        )
    if bump is not None and requirement.bump is not None and bump.rank < requirement.bump.rank:
        raise PrepctlError(
            f"--bump {bump.value} is too small: {requirement.reason} since {last_tag} "
            f"needs a {requirement.bump.value} version"
        )
    chosen = bump or requirement.bump
    assert chosen is not None
    target = last.bumped(chosen)
    return chosen, max(target, current)


def notes_since(base: Document | None, head: Document) -> tuple[changelog.RecordNote, ...]:
    """The change records new in ``head`` (all of them when there is no ``base``)."""
    empty = Document(snapshot=source.Snapshot("", {}), data={}, files=[], locations={})
    new = changes.new_records(base if base is not None else empty, head)
    return tuple(changelog.note_of(head, record) for record in new)


def changelog_section(
    head: Document,
    result: diff.DiffResult | None,
    requirement: Requirement,
    notes: tuple[changelog.RecordNote, ...],
    *,
    version: str | None,
    when: str | None,
    bump: Bump | None,
    since: tuple[str, Semver] | None,
) -> str:
    """The changelog section for the changes from a previous release (``since``: its tag and
    version; None for a first release) to ``head``, as ``release`` writes it and ``changelog``
    prints it. ``version`` None is an unreleased section."""
    records = f", with {_count(len(notes), 'change record', 'change records')}" if notes else ""
    if result is None or since is None:
        intro = _first_intro(head, version or str(head.data.get("version", "")))
    else:
        tag, last = since
        why = requirement.reason
        needed = requirement.bump
        if bump is not None and needed is not None and bump.rank > needed.rank:
            why = f"{bump.value} as chosen; the changes need {needed.value}: {why}"
        if version is None:
            need = f"they need a {needed.value} version: " if needed is not None else ""
            intro = f"Changes since {last} ({tag}), not yet released; {need}{why}{records}."
        else:
            kind = f"A {bump.value} release" if bump is not None else "A release"
            intro = f"{kind} after {last} ({tag}): {why}{records}."
    heading = changelog.heading(version, when)
    return changelog.render(changelog.Section(heading, intro, result, notes))


def _first_intro(head: Document, version: str) -> str:
    counts = []
    for key, one in (("categories", "category"), ("safeguards", "safeguard")):
        items = head.data.get(key)
        if isinstance(items, list) and items:
            counts.append(_count(len(items), one, key))
    what = f" with {' and '.join(counts)}" if counts else ""
    return (
        f"First release of the framework{what}: version {version} as a whole, with every change "
        "record written so far."
    )


# Writing ----------------------------------------------------------------------------------


def _writes(
    draft: Plan, head: Document, snapshot: source.Snapshot, changelog_text: str | None
) -> tuple[dict[Path, bytes], tuple[Path, ...]]:
    writes: dict[Path, bytes] = {}
    removes: list[Path] = []
    for note in draft.notes:
        record_address = address.join(address.join(address.ROOT, changes.collection_key()), note.id)
        relative = _relative_file(head, record_address)
        if Path(relative).parent != Path(changes.directory()):
            continue  # archived already (a first release after records were archived by hand)
        original = draft.folder / relative
        target = draft.archive / Path(relative).name
        if target.exists():
            raise PrepctlError(
                f"{draft.shown(target)} already exists; move it away or choose another version"
            )
        writes[target] = snapshot.files[relative]
        removes.append(original)
    writes[draft.folder / changelog.NAME] = changelog.insert(changelog_text, draft.section).encode(
        "utf-8"
    )
    manifest = snapshot.files[source.MANIFEST]
    writes[draft.folder / source.MANIFEST] = set_scalars(
        manifest,
        snapshot.display(source.MANIFEST),
        {"version": str(draft.version), "effective": draft.date},
    )
    return writes, tuple(removes)


def _relative_file(doc: Document, where: str) -> str:
    location = doc.location(where)
    for file in doc.files:
        if location is not None and file.display == location.file:
            return file.relative
    raise PrepctlError(f"internal error: no file holds {where}")  # pragma: no cover


_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_TOKEN = re.compile(r"\"[^\"\\\r\n]*\"|'[^'\r\n]*'|[^\s#]+")


def set_scalars(raw: bytes, shown: str, values: dict[str, str]) -> bytes:
    """The manifest with top-level scalars replaced in place: every other byte (comments,
    layout, quoting style, line endings) stays as it was, and the result is read back to check
    that nothing else changed."""
    parsed = yamlio.parse(raw, shown)
    if not isinstance(parsed.data, dict):
        raise PrepctlError(f"{shown}: the manifest is not a mapping")
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    parts = _LINE_BREAK.split(yamlio.decode(raw, shown))
    for key, value in values.items():
        position = parsed.values.get((key,))
        if position is None or not isinstance(parsed.data.get(key), str):
            raise PrepctlError(f"{shown}: no '{key}: ...' line to update; add one and rerun")
        line, column = position
        text = parts[2 * (line - 1)]
        token = _TOKEN.match(text, column - 1)
        if token is None:  # pragma: no cover - a scalar always starts with a token
            raise PrepctlError(f"{shown}:{line}:{column}: cannot update {key} in place")
        quote = token.group()[0] if token.group()[0] in "\"'" else ""
        parts[2 * (line - 1)] = (
            text[: token.start()] + f"{quote}{value}{quote}" + text[token.end() :]
        )
    updated = bom + "".join(parts).encode("utf-8")
    expected = {**parsed.data, **values}
    try:
        again = yamlio.parse(updated, shown).data
    except PrepctlError:
        again = None
    if again != expected:
        raise PrepctlError(
            f"{shown}: cannot update {', '.join(values)} in place (written over several lines or "
            "with a tag?); write each as a plain 'key: value' line and rerun"
        )
    return updated


def apply(plan: Plan) -> None:
    """Write the release: all new files staged first, then renamed into place; undone on error."""
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    try:
        for target, data in plan.writes.items():
            created.extend(_make_folders(target.parent))
            staged.append((_stage(target, data), target))
    except OSError as exc:
        _discard(staged, created)
        raise PrepctlError(
            f"cannot write {exc.filename or 'a file'}: {exc.strerror}; nothing was changed"
        ) from None
    originals = {target: target.read_bytes() if target.exists() else None for _, target in staged}
    removed: dict[Path, bytes] = {}
    done: list[Path] = []
    try:
        for temporary, target in staged:
            os.replace(temporary, target)
            done.append(target)
        for path in plan.removes:
            content = path.read_bytes()
            path.unlink()
            removed[path] = content
    except OSError as exc:
        _undo(done, originals, removed)
        _discard([(t, p) for t, p in staged if p not in done], created)
        raise PrepctlError(
            f"cannot write {exc.filename or 'a file'}: {exc.strerror}; the release was undone"
        ) from None


def _make_folders(folder: Path) -> list[Path]:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return missing


def _stage(target: Path, data: bytes) -> Path:
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        os.chmod(temporary, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


def _discard(staged: list[tuple[Path, Path]], created: list[Path]) -> None:
    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            temporary.unlink()
    for folder in sorted(created, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _undo(
    done: list[Path], originals: dict[Path, bytes | None], removed: dict[Path, bytes]
) -> None:
    for path, content in removed.items():
        with contextlib.suppress(OSError):
            path.write_bytes(content)
    for path in reversed(done):
        original = originals.get(path)
        with contextlib.suppress(OSError):
            if original is None:
                path.unlink()
            else:
                path.write_bytes(original)


# Tagging ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TagPlan:
    tag: str
    version: Semver
    commit: str
    message: str


def plan_tag(folder: Path, *, tag_prefix: str) -> TagPlan:
    """Check that HEAD holds a prepared release and work out its tag."""
    from prepctl.io import git

    dirty = git.uncommitted(folder)
    if dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise Refusal(
            f"uncommitted changes in the framework folder ({shown}): commit the release first, "
            "then rerun 'prepctl release --tag'"
        )
    snapshot = source.read_directory(folder)
    head = document.load(snapshot, parse=git.parse_cached)
    version = Semver.parse(head.data.get("version"))
    if version is None:  # pragma: no cover - the schema requires a semantic version
        raise PrepctlError(
            f"{snapshot.display(source.MANIFEST)}: version is not a semantic version"
        )
    tags = git.release_tags(tag_prefix, cwd=folder, merged="HEAD")
    tag = f"{tag_prefix}{version}"
    if tags:
        last_tag, last_text = tags[-1]
        last = Semver.parse(last_text)
        if last is not None and version <= last:
            raise Refusal(
                f"nothing to tag: version {version} is not ahead of {last_tag}; run "
                "'prepctl release' to prepare the next release"
            )
        base = document.load(git.read_snapshot_of(last_tag, folder), parse=git.parse_cached)
        requirement = required(diff.diff(base, head), head)
        if (
            last is not None
            and requirement.bump is not None
            and not version.satisfies(last, requirement.bump)
        ):
            raise Refusal(
                f"version {version} is too small: {requirement.reason} since {last_tag} needs a "
                f"{requirement.bump.value} version; run 'prepctl release'"
            )
    text = _decode(snapshot.changelog, snapshot.display(changelog.NAME))
    body = changelog.section_text(text, str(version)) if text is not None else None
    if text is not None and body is None:
        raise Refusal(
            f"{snapshot.display(changelog.NAME)} has no section for {version}; run "
            "'prepctl release' to write it"
        )
    name = str(head.data.get("name") or "framework")
    effective = head.data.get("effective")
    message = f"{name} {version}" + (f", effective {effective}" if effective else "")
    if body:
        message += f"\n\n{body}"
    return TagPlan(tag, version, git.head_commit(folder), message + "\n")
