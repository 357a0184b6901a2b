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

from prepctl.core import address, references, walk
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.core.spelling import Vocabulary
from prepctl.rules.base import Context, Problem

ID = "dangling-reference"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


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
        listed = references.target(place.node.reference, place.address)
        if listed not in cache:
            relative = not place.node.reference.startswith("/")
            base = place.file.data if relative and place.file.addresses.get(()) else None
            cache[listed] = references.identities(document, listed, base)
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
