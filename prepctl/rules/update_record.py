"""Every update carries the version, date and changelog a claimed profile asks for.

Active only with `prepctl lint --against REF`, and only when the framework claims a compliance
profile whose `update-record` rule asks for a changelog, a version number or a date with every
update (the EU Code of Practice, Measure 1.3, asks for all three). When anything changed since
REF, the framework's `version` must have changed and its `effective` date must have moved
forward, and, once the version changed, the framework folder must hold a `CHANGELOG.md` (the
`version-bump` rule then checks that it has the new version's section). `prepctl release` sets
all three.

**Passes** (with `--against main`, where the version is 1.0.0, effective 2026-10-01, and the
framework claims a profile with `update-record: {version: true, date: true}`)

```yaml
# framework.yaml, after a wording change in a category
version: 1.0.1
effective: 2026-11-01
```

**Fails**

```yaml
# the same wording change, version and date left as they were
version: 1.0.0
effective: 2026-10-01
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import compliance, meaning
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "update-record"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    base = context.base
    if base is None:
        return
    claimed = compliance.claims(document)
    if not claimed:
        return
    catalogue = compliance.Catalogue(context.profiles)
    asking: dict[str, list[str]] = {"changelog": [], "version": [], "date": []}
    for claim in claimed:
        profile = catalogue.get(claim.profile)  # unknown-requirement reports unknown claims
        rule = profile.rules.get(compliance.UPDATE_RECORD) if profile is not None else None
        if rule is None:
            continue
        named = f"{profile.id} ({rule.get('section')})" if profile is not None else ""
        for key, names in asking.items():
            if rule.get(key) and named not in names:
                names.append(named)
    if not any(asking.values()):
        return
    from prepctl.core import changelog, diff  # imported here: only lint --against gets this far

    if not diff.compare(base, document):
        return
    where = base.snapshot.label
    version = meaning.release_field(meaning.RELEASE_VERSION)
    effective = meaning.release_field(meaning.RELEASE_EFFECTIVE)
    before, after = base.get(version), document.get(version)
    if asking["version"] and before == after:
        yield Problem(
            version,
            f"version {after} is the same as at {where} although the framework changed; "
            f"{_and(asking['version'])} asks for a new version number with every update",
        )
    old_date, new_date = base.get(effective), document.get(effective)
    if (
        asking["date"]
        and before == after  # with a new version, version-bump checks the date
        and isinstance(old_date, str)
        and isinstance(new_date, str)
        and new_date <= old_date
    ):
        yield Problem(
            effective,
            f"effective date {new_date} did not move forward since {where} ({old_date}) "
            f"although the framework changed; {_and(asking['date'])} asks for a date with "
            "every update",
        )
    if asking["changelog"] and before != after and document.snapshot.changelog is None:
        shown = document.snapshot.display(changelog.NAME)
        yield Problem(
            version,
            f"{shown} does not exist, so version {after} has no changelog section; "
            f"{_and(asking['changelog'])} asks for a changelog with every update "
            "(`prepctl release` writes it)",
        )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
