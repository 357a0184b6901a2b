"""Every safeguard is required by something.

A safeguard no threshold (nor anything else in the framework) requires is a promise with no
trigger: nothing says when it must be in place, so removing it later would not show up as a
weakening of any threshold. Require it from the thresholds it serves, or remove it.

A safeguard applied everywhere on purpose (to every deployment, whatever the evaluations show)
can say so with an inline suppression on its `id` line:
`# prepctl: ignore[unused-safeguard] applied to every consumer deployment`.

**Passes**

```yaml
# categories/cybersecurity.yaml
thresholds:
  - id: high
    level: high
    safeguards:
      - usage-monitoring
# safeguards/usage-monitoring.yaml
id: usage-monitoring
```

**Fails**

```yaml
# safeguards/usage-monitoring.yaml, and no threshold lists usage-monitoring
id: usage-monitoring
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import address, meaning, references, walk
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules import concepts
from prepctl.rules.base import Context, Problem

ID = "unused-safeguard"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    words = concepts.vocabulary()
    if words is None or words.safeguards is None:
        return
    collection = address.split(words.safeguards)[0]
    node = meaning.root().collections().get(collection)
    if node is None:
        return
    used: set[str] = set()
    for place in walk.places(document):
        if place.node is None or place.node.reference is None:
            continue
        value = walk.text(place.value)
        target = references.target(place.node.reference, place.address)
        if value is not None and target == words.safeguards:
            used.add(value)
    key = node.identity
    for file in walk.collection_files(document).get(collection, []):
        identity = file.data.get(key) if isinstance(file.data, dict) else None
        if isinstance(identity, str) and identity not in used:
            yield Problem(
                file.address(()),
                "nothing in the framework requires this safeguard; list it in the thresholds "
                "it serves, or remove it",
                file.location((key,)),
            )
