"""A release worked out before anything is written: the next version, the changelog section,
the manifest's new version and date, and the change records to archive."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from prepctl.core import (
    address,
    changelog,
    changes,
    compliance,
    confidential,
    diff,
    document,
    source,
    validate,
)
from prepctl.core.document import Document
from prepctl.core.release.bump import Requirement, count, required
from prepctl.core.release.released import release_tags
from prepctl.core.release.semver import Bump, Semver
from prepctl.core.release.write import set_scalars, write_files
from prepctl.errors import PrepctlError, Refusal

ARCHIVE = "archive"


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
        records = count(len(self.notes), "change record", "change records")
        fold, set_, move = (
            ("folded", "set", "moved") if done else ("will fold", "will set", "will move")
        )
        out = [self.headline()]
        out.append(f"  {fold} {records} into the {self.version} section of {notes}")
        out.append(f"  {set_} version {self.version} and effective date {self.date} in {manifest}")
        if self.removes:
            moved = count(len(self.removes), "change record", "change records")
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
    from prepctl.core import source_git
    from prepctl.io import yaml_pieces

    snapshot = source.read_directory(folder)
    head = document.load(snapshot, parse=yaml_pieces.parse_cached)
    validate.require_valid(head, snapshot.label, "release")
    current = Semver.parse(head.data.get("version"))
    if current is None:  # pragma: no cover - the schema requires a semantic version
        raise PrepctlError(
            f"{snapshot.display(source.MANIFEST)}: version is not a semantic version"
        )
    name = str(head.data.get("name") or "framework")
    tags = release_tags(tag_prefix, cwd=folder, merged="HEAD")
    last_tag, last_version = (tags[-1][0], Semver.parse(tags[-1][1])) if tags else (None, None)
    when = (release_date or today).isoformat()
    changelog_text = decode_changelog(snapshot.changelog, snapshot.display(changelog.NAME))
    if last_tag is None or last_version is None:
        base: Document | None = None
        requirement = Requirement(None, "first release")
        chosen: Bump | None = None
        version = current
        result = None
    else:
        base_snapshot = source_git.read_snapshot_of(last_tag, folder)
        base = document.load(base_snapshot, parse=yaml_pieces.parse_cached)
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


def decode_changelog(raw: bytes | None, shown: str) -> str | None:
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
            f"{count(len(requirement.undecided), 'change needs', 'changes need')} review "
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
    changed = sum(1 for note in notes if not note.review)
    listed = [count(changed, "change record", "change records")] if changed else []
    listed += [count(len(notes) - changed, "review", "reviews")] if len(notes) > changed else []
    records = f", with {' and '.join(listed)}" if listed else ""
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
    if result is not None:
        # The changelog is published with the document: it never holds a confidential item's
        # content (the items HEAD withholds; a diff of two versions redacts both sides').
        result = confidential.redact_changes(result, confidential.redactions(head))
    return changelog.render(changelog.Section(heading, intro, result, notes))


def _first_intro(head: Document, version: str) -> str:
    counts = []
    for key, one in (("categories", "category"), ("safeguards", "safeguard")):
        items = head.data.get(key)
        if isinstance(items, list) and items:
            counts.append(count(len(items), one, key))
    what = f" with {' and '.join(counts)}" if counts else ""
    return (
        f"First release of the framework{what}: version {version} as a whole, with every change "
        "record written so far."
    )


def apply(plan: Plan) -> None:
    """Write the release: all new files staged first, then renamed into place; undone on error."""
    write_files(plan.writes, plan.removes)


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
