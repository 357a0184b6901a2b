"""Confidential items and the public edition that leaves them out.

An item is confidential when it holds a property whose schema carries
``x-prepctl-confidential: "mark"`` (the shared definition
``common.schema.json#/$defs/confidential``: ``{reason, note}``), whatever the property's name.
The **public** edition of a document replaces each confidential item by a stub holding only its
identity and the reason, so that nothing downstream (the view, the table of contents, links
naming the item, the compliance appendix) can show its content; the **full** edition, for a
regulator, keeps everything.

A mark inside a confidential item is covered by the outer one: the register lists the outermost.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any, NamedTuple

from prepctl.core import address, meaning
from prepctl.core.document import Document, Location, item_segments

if TYPE_CHECKING:
    from prepctl.core.diff.records import Change, DiffResult

MARK = "mark"
PUBLIC = "public"
FULL = "full"
EDITIONS = (PUBLIC, FULL)
"""The editions, the safer first: ``render`` and ``site`` publish the public one unless told."""


class Redaction(NamedTuple):
    """One confidential item: where it is, what kind of content it is and why it is withheld."""

    address: str
    kind: str
    reason: str
    note: str | None
    location: Location | None

    @property
    def reason_words(self) -> str:
        return reason_words(self.reason)


def reason_words(reason: str) -> str:
    """A reason as a reader says it: 'trade-secret' → 'trade secret'."""
    return reason.replace("-", " ")


def _singular(words: str) -> str:
    """A list's key as one of its items: 'thresholds' → 'threshold', 'categories' → 'category'."""
    if words.endswith("ies"):
        return words[:-3] + "y"
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words


def _mark_key(value: dict[str, Any], node: meaning.SchemaNode | None) -> str | None:
    """The key of the item's confidential mark, if the item carries one."""
    if node is None:
        return None
    for key in value:
        entry = node.entry(key)
        if entry is not None and entry.keyword("confidential") == MARK:
            return key
    return None


# Each outermost marked item: its address, kind, the item, its mark key and its identity key.
_Marked = list[tuple[str, str, dict[str, Any], str, str | None]]


def _visit(
    value: Any,
    node: meaning.SchemaNode | None,
    where: str,
    kind: str,
    found: list[tuple[str, str, dict[str, Any], str, str | None]],
) -> None:
    """Collect (address, kind, item, mark key, identity key) of the outermost marked items."""
    if isinstance(value, dict):
        key = _mark_key(value, node)
        if key is not None and where != address.ROOT:
            found.append((where, kind, value, key, None))
            return
        for child_key, child in value.items():
            entry = node.entry(child_key) if node is not None else None
            _visit(child, entry, address.join(where, child_key), str(child_key), found)
    elif isinstance(value, list) and node is not None:
        items = node.items()
        identity = node.identity
        title = items.schema.get("title") if items is not None else None
        what = title.lower() if isinstance(title, str) else _singular(kind.replace("-", " "))
        for segment, child in zip(item_segments(value, identity), value, strict=True):
            before = len(found)
            _visit(child, items, address.join(where, segment), what, found)
            if len(found) > before and found[-1][0] == address.join(where, segment):
                marked = found[-1]
                found[-1] = (*marked[:4], identity)


def _marked(document: Document) -> _Marked:
    found: _Marked = []
    _visit(document.data, meaning.root(), address.ROOT, "framework", found)
    return found


def redactions(document: Document) -> list[Redaction]:
    """The document's confidential items, outermost only, in document order."""
    return _redactions(document, _marked(document))


def public_edition(document: Document) -> tuple[list[Redaction], Document]:
    """:func:`redactions` and :func:`public` of a document, from one walk of it."""
    marked = _marked(document)
    return _redactions(document, marked), _public(document, marked)


def _redactions(document: Document, marked: _Marked) -> list[Redaction]:
    result = []
    for where, kind, item, key, _identity in marked:
        mark = item.get(key)
        mark = mark if isinstance(mark, dict) else {}
        reason = mark.get("reason")
        note = mark.get("note")
        result.append(
            Redaction(
                where,
                kind,
                reason if isinstance(reason, str) else "",
                note if isinstance(note, str) else None,
                document.location(where),
            )
        )
    return result


def public(document: Document) -> Document:
    """The document with every confidential item cut down to its identity and its mark's
    reason: the source of the public edition. The document itself is not changed."""
    return _public(document, _marked(document))


def _public(document: Document, marked: _Marked) -> Document:
    if not marked:
        return document
    data = copy.deepcopy(document.data)
    redacted = dataclasses.replace(document, data=data, _indexes={})
    for where, _kind, _item, key, identity in marked:
        item = redacted.get(where)
        if not isinstance(item, dict):
            continue
        mark = item.get(key)
        reason = mark.get("reason") if isinstance(mark, dict) else None
        kept: dict[str, Any] = {}
        if identity is not None and identity in item:
            kept[identity] = item[identity]
        kept[key] = {"reason": reason}
        item.clear()
        item.update(kept)
    return redacted


def is_redacted(where: str, redacted: list[Redaction]) -> Redaction | None:
    """The redaction covering an address (the item itself or anything within it), if any."""
    for redaction in redacted:
        if address.is_within(where, redaction.address):
            return redaction
    return None


def redact_result(result: DiffResult, base: Document, head: Document) -> DiffResult:
    """A diff as the public edition may show it: every change inside an item either version
    withholds is moved onto the item and keeps its kind, impact and change record, never its
    content; the material-modification section says which weakenings are redacted."""
    return redact_changes(result, redactions(base) + redactions(head))


def redact_changes(result: DiffResult, withheld: list[Redaction]) -> DiffResult:
    """:func:`redact_result` for the items ``withheld``."""
    if not withheld:
        return result
    changes = tuple(_redacted_change(change, withheld) for change in result.changes)
    titles = {
        where: f"Redacted ({covering.reason_words})" if covering is not None else title
        for where, title in result.titles.items()
        for covering in [is_redacted(where, withheld)]
    }
    material = result.material
    if material is not None:
        weakenings = tuple(
            weakening._replace(address=covering.address, redacted=covering.reason_words)
            if (covering := is_redacted(weakening.address, withheld)) is not None
            else weakening
            for weakening in material.weakenings
        )
        material = material._replace(weakenings=weakenings)
    return dataclasses.replace(result, changes=changes, titles=titles, material=material)


def _redacted_change(change: Change, withheld: list[Redaction]) -> Change:
    covering = is_redacted(change.address, withheld)
    if covering is None and change.base_address is not None:
        covering = is_redacted(change.base_address, withheld)
    if covering is None:
        return change
    return dataclasses.replace(
        change,
        address=covering.address,
        base_address=None,
        before=None,
        after=None,
        detail=f"a redacted item changed (withheld: {covering.reason_words})",
    )
