"""Every threshold of a tracked category names the safeguards it requires.

Reaching a threshold is meant to change what the developer may do: the threshold's safeguards
must be in place first. A threshold that names none commits to nothing.

The rule applies from the lowest level at which any threshold of the framework names a
safeguard upward; levels below it are early-warning levels that need none (Google DeepMind's
alert thresholds, OpenAI's 2023 Low and Medium). When no threshold names a safeguard, every level
needs them. Research categories are not checked.

**Passes**

```yaml
status: tracked
thresholds:
  - id: high
    level: high
    safeguards:
      - weights-security
```

**Fails**

```yaml
status: tracked
thresholds:
  - id: high        # nothing must be in place once it is reached
    level: high
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules import concepts
from prepctl.rules.base import Context, Problem

ID = "threshold-without-safeguards"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def lowest_safeguarded(model: concepts.Model) -> int:
    """The lowest level index at which some threshold names a safeguard (0 when none does)."""
    return min(
        (
            index
            for category in model.categories
            for threshold in category.thresholds
            if threshold.safeguards and (index := model.level_index(threshold.level)) is not None
        ),
        default=0,
    )


def check(document: Document, context: Context) -> Iterator[Problem]:
    model = concepts.model(document)
    if model is None:
        return
    lowest = lowest_safeguarded(model)
    for category in model.categories:
        if not category.tracked:
            continue
        for threshold in category.thresholds:
            index = model.level_index(threshold.level)
            if threshold.safeguards or index is None or index < lowest:
                continue
            where = (
                threshold.file.key_location(threshold.safeguards_path)
                if threshold.safeguards_path is not None
                else threshold.location
            )
            yield Problem(
                threshold.address,
                f"threshold at level '{threshold.level}' names no safeguards; list the "
                "safeguards that must be in place once it is reached",
                where,
            )
