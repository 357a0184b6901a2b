"""Reviews are not older than the framework's review interval.

Each category, and the framework as a whole, records when it was last reviewed
(`last-reviewed`, which the schema marks `x-prepctl-review: last`). The manifest says how long a
review may be relied on (`governance.review.interval`, an ISO 8601 duration such as `P1Y`,
marked `x-prepctl-review: interval`); a review older than that is overdue. A review that changed
nothing is recorded with `prepctl review --by BODY [--scope ADDRESS]`, which moves these dates
to its own.

The check depends on the date it runs. `prepctl lint --today YYYY-MM-DD` fixes that date for
reproducible runs (CI reruns, tests, linting an old version as of its release); by default it is
the real date.

Options:

- `max-age-days` (whole number, default 0): the longest age allowed, overriding the manifest's
  interval; 0 uses the manifest's `interval` (counted in whole days: `P1Y` is 365 days).

**Passes** (linted on 2026-11-01)

```yaml
# framework.yaml: governance.review.interval: P1Y
id: cybersecurity
last-reviewed: 2026-08-27
```

**Fails** (linted on 2026-11-01)

```yaml
id: cybersecurity
last-reviewed: 2025-01-10    # 660 days ago
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from prepctl.core import address, meaning, walk
from prepctl.core.classify import duration_days
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "stale-review"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"max-age-days": 0}


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def check(document: Document, context: Context) -> Iterator[Problem]:
    configured = context.options.get("max-age-days", 0)
    reviews = [place for place in walk.places(document) if _review(place) == meaning.REVIEW_LAST]
    interval = next(
        (p.value for p in walk.places(document) if _review(p) == meaning.REVIEW_INTERVAL), None
    )
    if isinstance(configured, int) and configured > 0:
        limit, source = configured, "the configuration allows"
    elif isinstance(interval, str) and (length := duration_days(interval)) and length >= 1:
        limit, source = int(length), "the manifest asks for a review every"
    else:
        return
    for place in reviews:
        written = walk.text(place.value)
        try:
            reviewed = date.fromisoformat(written) if written else None
        except ValueError:
            reviewed = None  # the schema rule reports a malformed date
        if reviewed is None:
            continue
        age = (context.today - reviewed).days
        if age <= limit:
            continue
        yield Problem(
            address.parent(place.address),
            f"last reviewed {reviewed.isoformat()}, {_days(age)} ago; {source} "
            f"{_days(limit)}" + ("" if source.endswith("every") else " between reviews"),
            place.location,
        )


def _review(place: walk.Place) -> Any:
    return place.node.keyword("review") if place.node is not None else None
