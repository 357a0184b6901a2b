"""Recorded reviews: a review that changed nothing, kept as a change record of kind review,
with the reviewed items' review dates moved to its date.

The record covers the addresses reviewed (``/`` for the whole framework), names the bodies
that held it (governance bodies, by id) and its date, says what it found (the note), and
justifies nothing: a review is not a
reason for a weakening, even one under the addresses it covers (:func:`changes.covering`).

The review dates are the values the schema marks ``x-prepctl-review: last``; each dates the
item its file holds (a category; the framework, in the manifest). A date is set when that item
lies within the review's scope: the whole framework's date only for a review of the whole
framework, which reviews every category too. A date is never moved back. Each file is edited
in place, every other byte kept (:func:`prepctl.core.release.write.set_scalars_at`), and the
record and the edited files are written together: all of them or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from prepctl.core import address, changes, document, meaning, spelling, validate, walk
from prepctl.core.document import Document
from prepctl.core.release.write import set_scalars_at
from prepctl.core.source import Snapshot
from prepctl.errors import PrepctlError
from prepctl.io import output
from prepctl.io import yaml as yamlio

LAST = "last"  # x-prepctl-review: the date the item its file holds was last reviewed
NOTHING_FOUND = "The review found nothing to change."
"""A review's rationale when no --note says what it found."""


@dataclass(frozen=True)
class Review:
    """A review worked out before anything is written."""

    record: dict[str, Any]
    target: Path
    scope: tuple[str, ...]
    moved: tuple[str, ...]
    """The addresses of the review dates set to the review's date."""
    kept: tuple[tuple[str, str], ...]
    """Review dates in scope already on or after the review's date: (address, date)."""
    writes: dict[Path, bytes]

    def lines(self, shown: str) -> list[str]:
        whole = self.scope == (address.display(address.ROOT),)
        scope = "the whole framework" if whole else ", ".join(self.scope)
        by = ", ".join(self.record["approved-by"])
        out = [f"wrote {shown} (a review of {scope} by {by} on {self.record['approved-on']})"]
        out += [f"  set {where} to {self.record['approved-on']}" for where in self.moved]
        out += [f"  kept {where}: {when} is not before the review" for where, when in self.kept]
        if not self.moved and not self.kept:
            out.append("  no review date lies within the scope: only the record is written")
        return out


def _scope(head: Document, written: list[str]) -> tuple[str, ...]:
    """Each address of ``--scope`` in canonical form, checked to be in the framework; none
    is the whole framework."""
    from prepctl.core import history

    found: list[str] = []
    for text in written or ["/"]:
        try:
            where = address.parse(text)
        except PrepctlError as error:
            raise PrepctlError(f"--scope: {error.message}") from None
        if where != address.ROOT and where not in head.locations:
            close = history.suggest(where, set(head.locations))
            hint = f" (did you mean {close}?)" if close else ""
            raise PrepctlError(f"--scope: {where} is not in the framework{hint}")
        found.append(where)
    if address.ROOT in found:
        return (address.ROOT,)
    return tuple(changes.minimal_covers(found))


def _bodies(head: Document, bodies: list[str]) -> list[str]:
    """The reviewing bodies, each checked against the collection the record's ``approved-by``
    refers to (``x-prepctl-ref``)."""
    node = meaning.root().entry(changes.collection_key())
    items = node.items() if node is not None else None
    field = items.entry("approved-by") if items is not None else None
    element = field.items() if field is not None else None
    target = element.reference if element is not None else None
    if target is None:  # pragma: no cover - a mistake in our own schema
        raise PrepctlError("the change-record schema names no collection of bodies")
    listed = head.get(target)
    collection = walk.schema_at(target)
    identity = collection.identity if collection is not None else meaning.BY_VALUE
    known = [
        segment
        for segment in document.item_segments(listed if isinstance(listed, list) else [], identity)
        if not segment.startswith("#")
    ]
    for body in bodies:
        if body not in known:
            close = spelling.closest(body, known)
            hint = f"; did you mean '{close}'?" if close else f" (known: {', '.join(known)})"
            raise PrepctlError(f"--by: '{body}' is not in {target}{hint}")
    return list(dict.fromkeys(bodies))


def _free_id(head: Document, folder: Path, wanted: str | None, on: date) -> str:
    taken = {
        item.get("id")
        for item in head.data.get(changes.collection_key(), [])
        if isinstance(item, dict)
    }
    records = folder / changes.directory()
    if wanted is not None:
        if wanted in taken:
            raise PrepctlError(f"--id: change record '{wanted}' already exists; choose another")
        return wanted  # an existing file of that name is refused where the record is written
    base = f"review-{on.isoformat()}"
    candidate, count = base, 1
    while candidate in taken or (records / f"{candidate}.yaml").exists():
        count += 1
        candidate = f"{base}-{count}"
    return candidate


def _valid(data: dict[str, Any]) -> None:
    if validate.is_valid(changes.SCHEMA, data):
        return
    error = validate.first_error(changes.SCHEMA, data)
    where = list(error.instance_path) if error is not None else []
    option = {"id": "--id", "title": "--title", "rationale": "--note"}.get(
        str(where[0]) if where else "", "the review"
    )
    message = error.message if error is not None else "does not match the change-record schema"
    raise PrepctlError(f"{option}: {message}")


def plan(
    folder: Path,
    snapshot: Snapshot,
    head: Document,
    *,
    bodies: list[str],
    scope: list[str],
    note: str | None,
    on: date,
    record_id: str | None = None,
    title: str | None = None,
) -> Review:
    """Work out a review of ``scope`` (none: the whole framework) held by ``bodies`` on
    ``on``: its record and the files whose review dates it moves."""
    if note is not None and not note.strip():
        raise PrepctlError("--note: must not be blank")
    if title is not None and not title.strip():
        raise PrepctlError("--title: must not be blank")
    covered = _scope(head, scope)
    held_by = _bodies(head, bodies)
    shown = [address.display(where) for where in covered]
    whole = covered == (address.ROOT,)
    data: dict[str, Any] = {
        "id": _free_id(head, folder, record_id, on),
        "kind": changes.REVIEW,
        "title": title
        or ("Review of the whole framework" if whole else f"Review of {', '.join(shown)}"),
        "covers": shown,
        "rationale": note if note is not None else NOTHING_FOUND,
        "approved-by": held_by,
        "approved-on": on.isoformat(),
    }
    _valid(data)
    target, text = changes.prepare(folder, data)
    edits: dict[str, dict[yamlio.Path, str]] = {}
    moved: list[str] = []
    kept: list[tuple[str, str]] = []
    for place in walk.places(head):
        if place.node is None or place.node.keyword("review") != LAST:
            continue
        item = place.file.addresses.get((), address.ROOT)
        if not any(address.is_within(item, where) for where in covered):
            continue
        current = place.value if isinstance(place.value, str) else ""
        if _is_date(current) and current >= on.isoformat():
            kept.append((address.display(place.address), current))
            continue
        edits.setdefault(place.file.relative, {})[place.path] = on.isoformat()
        moved.append(address.display(place.address))
    writes = {target: text.encode("utf-8")}
    for relative, values in edits.items():
        raw = snapshot.files[relative]
        writes[folder / relative] = set_scalars_at(raw, snapshot.display(relative), values)
    return Review(data, target, tuple(shown), tuple(moved), tuple(kept), writes)


def _is_date(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def write(review: Review) -> None:
    """The record and every edited file, all together or none."""
    try:
        output.write_together(review.writes)
    except output.WriteFailed as failed:
        words = "the review was undone" if failed.undone else "nothing was changed"
        raise PrepctlError(f"cannot write {failed.filename}: {failed.strerror}; {words}") from None
