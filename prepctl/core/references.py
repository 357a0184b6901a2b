"""Where a reference points: the list an ``x-prepctl-ref`` names, and the ids of its items.

An absolute reference (``/safeguards``) names an item of that list; a relative one
(``thresholds``) names an item of that list inside the same top-level item (the same category).
"""

from __future__ import annotations

from typing import Any

from prepctl.core import address, meaning, walk
from prepctl.core.document import Document


def target(reference: str, where: str) -> str:
    """The address of the list a reference written at address ``where`` points into."""
    if reference.startswith("/"):
        return reference.rstrip("/")
    segments = address.split(where)
    collections = meaning.root().collections()
    base = address.ROOT
    if len(segments) >= 2 and segments[0] in collections:
        base = address.join(address.join(address.ROOT, segments[0]), segments[1])
    for segment in reference.split("/"):
        base = address.join(base, segment)
    return base


def identities(document: Document, listed: str, base: Any = None) -> list[str] | None:
    """The ids of the items of the list at address ``listed``; None when there is no list.

    ``base`` is the data of the top-level item ``listed`` lies in, when the caller has it at
    hand: it spares looking the item up by its id.
    """
    segments = address.split(listed)
    items: Any = document.data
    if base is not None and len(segments) >= 2:
        items, segments = base, segments[2:]
    for segment in segments:
        if not isinstance(items, dict):
            items = document.get(listed)  # a list on the way: let the document find the item
            break
        items = items.get(segment)
    if not isinstance(items, list):
        return None
    node = walk.schema_at(listed)
    key = node.identity if node is not None else "id"
    found: list[str] = []
    for item in items:
        if key == meaning.BY_VALUE and isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict) and isinstance(item.get(key), str):
            found.append(item[key])
    return found
