"""The framework's last review is within the review interval of every profile it claims.

California (§22757.12(b)(1)) and New York (§1421(2)(a)) require the framework to be reviewed
at least once a year; the EU Code of Practice asks for a Framework assessment every twelve
months (Measure 1.3). A profile states its interval in `review.interval-days`. The framework's
`governance.review.last-reviewed` (the manifest's date marked `x-prepctl-review: last`) must not
be older than the shortest interval among the profiles it claims; the finding gives both dates
and names the profiles that set the limit.
(`stale-review` checks the same date against the framework's own interval.) `prepctl review
--by BODY` records a review of the whole framework that changed nothing and moves the date to
it; `prepctl obligations` shows when the next review is due.

The check depends on the date it runs: `prepctl lint --today YYYY-MM-DD` fixes that date for
reproducible runs; by default it is the real date.

**Passes** (linted on 2026-11-01)

```yaml
# framework.yaml, claiming ca-sb53 (a review at least every 365 days)
governance:
  review:
    last-reviewed: 2026-09-15
```

**Fails** (linted on 2026-11-01)

```yaml
governance:
  review:
    last-reviewed: 2025-09-15    # 412 days ago
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from prepctl.core import compliance, meaning, walk
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.core.source import MANIFEST
from prepctl.rules.base import Context, Problem

ID = "profile-review-overdue"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    claimed = compliance.claims(document)
    if not claimed:
        return
    # The framework's own review: the review date (x-prepctl-review: last) in the manifest.
    found = next(
        (
            place
            for place in walk.places(document)
            if place.file.relative == MANIFEST
            and place.node is not None
            and place.node.keyword("review") == meaning.REVIEW_LAST
        ),
        None,
    )
    if found is None:
        return
    written = found.value
    try:
        reviewed = date.fromisoformat(written) if isinstance(written, str) else None
    except ValueError:
        reviewed = None  # the schema rule reports a malformed date
    if reviewed is None:
        return
    catalogue = compliance.Catalogue(context.profiles)
    limits: list[tuple[int, compliance.Profile]] = []
    for claim in claimed:
        profile = catalogue.get(claim.profile)  # unknown-requirement reports unknown claims
        if profile is not None and profile.review_interval is not None:
            limits.append((profile.review_interval, profile))
    if not limits:
        return
    interval = min(limit for limit, _ in limits)
    age = (context.today - reviewed).days
    if age <= interval:
        return
    strictest = [profile for limit, profile in limits if limit == interval]
    names = _and([_named(profile) for profile in strictest])
    due = reviewed + timedelta(days=interval)
    verb = "requires" if len(strictest) == 1 else "require"
    yield Problem(
        found.address,
        f"framework last reviewed {reviewed.isoformat()}, {age} days before "
        f"{context.today.isoformat()}; {names} {verb} a review at least every {interval} days, "
        f"so one was due by {due.isoformat()}",
    )


def _named(profile: compliance.Profile) -> str:
    section = profile.rules.get(compliance.REVIEW, {}).get("section")
    return f"{profile.id} ({section})" if isinstance(section, str) else profile.id


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
