"""An item's `replaces` names only ids this version no longer has.

`replaces` (the property the schema marks `x-prepctl-lineage`) lists the items of the same
collection, in the previous version, that an item continues: `prepctl diff` then reports a
rename, split or merge instead of an unrelated removal and addition. An id that is still
present in the same collection cannot have been replaced: the link would hide that the old item
lives on (and `diff` would ignore it). Remove the id from `replaces`, or retire the old item.

**Passes**

```yaml
# categories/ai-self-improvement.yaml; there is no categories/model-autonomy.yaml any more
id: ai-self-improvement
replaces:
  - model-autonomy
```

**Fails**

```yaml
# categories/ai-self-improvement.yaml, while categories/model-autonomy.yaml still exists
id: ai-self-improvement
replaces:
  - model-autonomy
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import address, walk
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "lineage"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    for place in walk.places(document):
        node = place.node
        if node is None or node.keyword("lineage") is None or not isinstance(place.value, list):
            continue
        item = address.parent(place.address)
        collection = address.parent(item)
        for position, named in enumerate(place.value):
            if not isinstance(named, str) or named == address.split(item)[-1:][0]:
                if isinstance(named, str):
                    yield Problem(
                        place.address,
                        f"'{named}' is this item's own id; an item cannot replace itself",
                        place.file.location((*place.path, position)),
                    )
                continue
            if address.join(collection, named) in document.locations:
                yield Problem(
                    place.address,
                    f"replaces '{named}', which is still in {collection}; remove it from "
                    "replaces, or retire the old item",
                    place.file.location((*place.path, position)),
                )
