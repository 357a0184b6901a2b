"""Ids are unique wherever the schema makes them an identity.

A list whose schema declares `x-prepctl-identity` (thresholds, evaluations, levels, governance
bodies, the categories and safeguards collections, ...) names each of its items by that key, and
every command addresses the item by it. Two items with the same id in one list have no address
of their own, so a diff, a change record or a suppression cannot tell them apart. For the
collections kept one file per item, two files of the same folder must not hold the same id.

Ids only need to be unique within their list: threshold `high` in two categories, or a level
and a threshold both called `high`, are different addresses.

Each repeated id is reported where it is written, with the place of its first use.

**Passes**

```yaml
thresholds:
  - id: high
    level: high
  - id: critical
    level: critical
```

**Fails**

```yaml
thresholds:
  - id: high
    level: high
  - id: high        # the second 'high' has no address of its own
    level: critical
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import address, meaning, walk
from prepctl.core.document import Document, Location, SourceFile
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "unique-ids"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def _identity(item: Any, key: str) -> str | None:
    if isinstance(item, dict):
        value = item.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return None


def check(document: Document, context: Context) -> Iterator[Problem]:
    for place in walk.places(document):
        if not isinstance(place.value, list) or place.node is None:
            continue
        key = place.node.identity
        if key in (meaning.BY_VALUE, meaning.BY_POSITION):
            continue  # lists of values are sets: the schema's uniqueItems reports repeats
        first: dict[str, Location] = {}
        for index, item in enumerate(place.value):
            identity = _identity(item, key)
            if identity is None:
                continue
            where = place.file.location((*place.path, index, key))
            if identity in first:
                yield Problem(
                    place.file.address((*place.path, index)),
                    f"{key} '{identity}' is used twice in {address.display(place.address)} "
                    f"(first at line {first[identity].line}); give each item its own {key}",
                    where,
                )
            else:
                first[identity] = where
    yield from _collections(document)


def _collections(document: Document) -> Iterator[Problem]:
    collections = meaning.root().collections()
    for name, files in walk.collection_files(document).items():
        key = collections[name].identity
        first: dict[str, SourceFile] = {}
        for file in files:
            identity = _identity(file.data, key)
            if identity is None:
                continue
            if identity in first:
                yield Problem(
                    file.address(()),
                    f"{key} '{identity}' is used twice in /{name}: "
                    f"{first[identity].relative} has it too; give each file its own {key}",
                    file.location((key,)),
                )
            else:
                first[identity] = file
