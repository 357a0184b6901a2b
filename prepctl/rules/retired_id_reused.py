"""Retired addresses stay retired.

The manifest's `retired` list holds tombstones (the schema marks it `x-prepctl-tombstones`):
addresses that existed in an earlier version and were removed. An address names the same thing
for the framework's whole history (diffs, change records, `prepctl log`), so reusing it for
something new would splice two unrelated histories together. Choose a new id.

**Passes**

```yaml
# framework.yaml
retired:
  - address: /categories/persuasion
    retired: 2025-04-15
    reason: Moved outside the framework.
# and there is no categories/persuasion.yaml
```

**Fails**

```yaml
# framework.yaml retires /categories/persuasion, and categories/persuasion.yaml holds:
id: persuasion
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import address, walk
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "retired-id-reused"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    for place in walk.places(document):
        node = place.node
        dated = node.keyword("tombstones") if node is not None else None
        if node is None or dated is None or not isinstance(place.value, list):
            continue
        yield from _reused(document, place.value, node.identity, str(dated))


def _reused(document: Document, tombstones: list[Any], key: str, dated: str) -> Iterator[Problem]:
    """Each tombstone (its address under ``key``, its date under ``dated``) whose address is
    in use again."""
    for tombstone in tombstones:
        if not isinstance(tombstone, dict):
            continue
        where = walk.text(tombstone.get(key))
        if not where or where == "/" or where not in document.locations:
            continue
        listed = walk.schema_at(address.parent(where))
        identity = listed.identity if listed is not None else "id"
        location = document.locations.get(address.join(where, identity)) or document.location(where)
        when = walk.text(tombstone.get(dated))
        since = f" on {when}" if when else ""
        yield Problem(
            where,
            f"{where} was retired{since} and must not be used again; choose a new id",
            location,
        )
