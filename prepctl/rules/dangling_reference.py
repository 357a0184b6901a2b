"""Every reference names an item that exists.

A value whose schema has `x-prepctl-ref` is the id of an item elsewhere in the framework: a
threshold's `safeguards` name safeguards, its `level` names a level, a decision's `decided-by`
names a governance body, an evaluation's `thresholds` name thresholds of the same category. A
reference to nothing is a requirement nobody can meet or check, and usually a typo.

An absolute reference (`/safeguards`, `/governance/bodies`) names an item of that list; a
relative one (`thresholds`) names an item of that list inside the same category (or other
top-level item). The finding stands where the reference is written and suggests the closest
existing id.

**Passes**

```yaml
thresholds:
  - id: high
    level: high
    safeguards:
      - weights-security
```

**Fails**

```yaml
thresholds:
  - id: high
    level: high
    safeguards:
      - weights-securty   # no safeguard has this id
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import address, meaning, walk
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.core.spelling import Vocabulary
from prepctl.rules.base import Context, Problem

ID = "dangling-reference"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


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


def check(document: Document, context: Context) -> Iterator[Problem]:
    cache: dict[str, list[str] | None] = {}
    # Per list: its ids as a set, and what to suggest from (one budget for all its mistakes).
    known_ids: dict[str, set[str]] = {}
    vocabularies: dict[str, Vocabulary] = {}
    for place in walk.places(document):
        if place.node is None or place.node.reference is None:
            continue
        value = walk.text(place.value)
        if value is None:
            continue  # wrong type: the schema rule reports it
        listed = target(place.node.reference, place.address)
        if listed not in cache:
            relative = not place.node.reference.startswith("/")
            base = place.file.data if relative and place.file.addresses.get(()) else None
            cache[listed] = identities(document, listed, base)
            known_ids[listed] = set(cache[listed] or ())
        known = cache[listed]
        if value in known_ids[listed]:
            continue
        shown = address.display(listed)
        if not known:
            message = f"refers to '{value}', but {shown} has no items"
        else:
            if listed not in vocabularies:
                vocabularies[listed] = Vocabulary(known)
            close = vocabularies[listed].closest(value)
            hint = f" (did you mean '{close}'?)" if close else ""
            message = f"refers to '{value}', which is not an id in {shown}{hint}"
        yield Problem(place.address, message, place.location)
