"""Every tracked category has a capability threshold at every level.

A tracked category is one the framework acts on: reaching one of its thresholds triggers that
level's decision rule. A tracked category without a threshold at some level leaves that level
undefined for the risk, so nothing can ever trigger it there.

Levels come from the manifest's `levels` (the list marked `x-prepctl-ordered`); a category is
tracked when its `status` holds the strictest value of its `x-prepctl-order` (`tracked`).
Research categories need no thresholds.

Levels below the lowest level at which any tracked category has a threshold are taken to be
baseline levels that no threshold triggers (such as ASL-2 in Anthropic's RSP), and are not
required. Name further levels to skip with the `exempt-levels` option.

Options:

- `exempt-levels` (list of level ids, default none): levels no tracked category needs a
  threshold for.

**Passes**

```yaml
# framework.yaml lists the levels high and critical
status: tracked
thresholds:
  - id: high
    level: high
  - id: critical
    level: critical
```

**Fails**

```yaml
status: tracked
thresholds:       # no threshold at level critical
  - id: high
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

ID = "missing-threshold"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {"exempt-levels": []}


def check(document: Document, context: Context) -> Iterator[Problem]:
    model = concepts.model(document)
    if model is None or not model.levels:
        return
    tracked = [category for category in model.categories if category.tracked]
    used = [
        index
        for category in tracked
        for threshold in category.thresholds
        if (index := model.level_index(threshold.level)) is not None
    ]
    lowest = min(used, default=0)
    exempt = set(context.options.get("exempt-levels", []))
    required = [level for level in model.levels if level.rank >= lowest and level.id not in exempt]
    for category in tracked:
        present = {threshold.level for threshold in category.thresholds}
        missing = [level.id for level in required if level.id not in present]
        if not missing:
            continue
        if category.thresholds_path is not None:
            where = category.file.key_location(category.thresholds_path)
        elif category.order_path is not None:
            where = category.file.location(category.order_path)
        else:
            where = category.file.location(())
        names = ", ".join(f"'{level}'" for level in missing)
        plural = "levels" if len(missing) > 1 else "level"
        yield Problem(
            category.address,
            f"tracked category has no threshold at {plural} {names}; add one, "
            "or make the category a research category",
            where,
        )
