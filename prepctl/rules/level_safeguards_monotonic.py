"""A higher level keeps every safeguard a lower level requires.

Within a category, reaching a higher level must never relax what is already required: the
safeguards required at `critical` include those required at `high`. A safeguard dropped on the
way up is usually an oversight; when it is replaced by a stronger one (ASL-4 security in place of
ASL-3 security), say so with an inline suppression and its reason on the `safeguards:` line of
the higher threshold:
`safeguards:  # prepctl: ignore[level-safeguards-monotonic] the ASL-4 standard supersedes ASL-3`.

Levels are ordered as the manifest lists them. When a level has several thresholds in one
category, their safeguards are taken together. The finding stands at the first threshold of the
higher level.

**Passes**

```yaml
thresholds:
  - id: high
    level: high
    safeguards: [weights-security-high, usage-monitoring]
  - id: critical
    level: critical
    safeguards: [weights-security-high, usage-monitoring, development-halt]
```

**Fails**

```yaml
thresholds:
  - id: high
    level: high
    safeguards: [weights-security-high, usage-monitoring]
  - id: critical
    level: critical
    safeguards: [weights-security-high]    # usage-monitoring dropped
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import references
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules import concepts
from prepctl.rules.base import Context, Problem

ID = "level-safeguards-monotonic"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    model = concepts.model(document)
    if model is None:
        return
    # A safeguard that does not exist is dangling-reference's to report, not a dropped one.
    words = model.vocabulary
    existing = references.identities(document, words.safeguards or "")
    for category in model.categories:
        by_level: dict[int, list[concepts.Threshold]] = {}
        for threshold in category.thresholds:
            index = model.level_index(threshold.level)
            if index is not None:
                by_level.setdefault(index, []).append(threshold)
        required_below: dict[str, str] = {}  # safeguard → the lowest level requiring it
        for index in sorted(by_level):
            thresholds = by_level[index]
            here = {safeguard for t in thresholds for safeguard in t.safeguards}
            missing = {s: level for s, level in required_below.items() if s not in here}
            if missing:
                first = thresholds[0]
                where = (
                    first.file.key_location(first.safeguards_path)
                    if first.safeguards_path is not None
                    else first.location
                )
                yield Problem(first.address, _message(model.levels[index].id, missing), where)
            for threshold in thresholds:
                for safeguard in threshold.safeguards:
                    if existing is None or safeguard in existing:
                        required_below.setdefault(safeguard, model.levels[index].id)


def _message(level: str, missing: dict[str, str]) -> str:
    by_origin: dict[str, list[str]] = {}
    for safeguard, origin in missing.items():
        by_origin.setdefault(origin, []).append(safeguard)
    parts = [
        f"{', '.join(repr(s) for s in safeguards)} (required at '{origin}')"
        for origin, safeguards in by_origin.items()
    ]
    return (
        f"level '{level}' no longer requires {'; '.join(parts)}; a higher level must keep "
        "every safeguard of the levels below it"
    )
