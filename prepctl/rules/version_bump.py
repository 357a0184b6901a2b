"""The version, effective date and changelog move as the changes since the base require.

Active only with `prepctl lint --against REF`, which compares the framework with its version at
git REF (the branch a pull request goes into, or the last release tag). The framework's own
`version` is a semantic version, and the changes since REF decide how far it must move: a
weakening needs a new major version, a strengthening or a new item a new minor version, any
other change (wording, dates of review) a new patch version. A change that needs review is
counted as a patch here; `prepctl release` asks which it is. The EU Code of Practice (Measure
1.3) asks for a changelog, a version number and a date with every update of a framework, so
when the version changes, the `effective` date must move forward too, and a
`CHANGELOG.md` in the framework folder, if there is one, must have a section for the new
version (`## [2.0.0] - 2026-12-01`, as `prepctl release` writes it).

**Passes** (with `--against main`, where the version is 1.4.0, effective 2026-10-01)

```yaml
# framework.yaml; categories/cybersecurity.yaml drops a required safeguard (a weakening)
version: 2.0.0
effective: 2026-12-01
# and CHANGELOG.md has a section "## [2.0.0] - 2026-12-01"
```

**Fails**

```yaml
# the same weakening, with only a minor version and an unchanged date
version: 1.5.0       # a weakening needs 2.0.0 or later
effective: 2026-10-01
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import meaning
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "version-bump"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}

_EU = "the EU Code of Practice asks for a changelog, version and date with every update"


def check(document: Document, context: Context) -> Iterator[Problem]:
    base = context.base
    if base is None:
        return
    # Imported here: without --against this rule does nothing, and these cost every run.
    from prepctl.core import changelog, diff
    from prepctl.core.release.bump import required
    from prepctl.core.release.semver import Semver

    version = meaning.release_field(meaning.RELEASE_VERSION)
    effective = meaning.release_field(meaning.RELEASE_EFFECTIVE)
    before, after = Semver.parse(base.get(version)), Semver.parse(document.get(version))
    if before is None or after is None:
        return  # the schema rule reports a malformed version
    where = base.snapshot.label
    if after < before:
        yield Problem(version, f"version {after} is older than {before} at {where}")
        return
    requirement = required(diff.diff(base, document), document)
    if requirement.bump is not None and not after.satisfies(before, requirement.bump):
        yield Problem(
            version,
            f"version {after} was not bumped as the changes since {where} require: "
            f"{requirement.reason} needs a {requirement.bump.value} version "
            f"({before.bumped(requirement.bump)} or later); `prepctl release` sets it",
        )
    if after == before:
        return
    old_date, new_date = base.get(effective), document.get(effective)
    if isinstance(old_date, str) and isinstance(new_date, str) and new_date <= old_date:
        yield Problem(
            effective,
            f"effective date {new_date} did not move forward with version {after} (it was "
            f"{old_date} for {before} at {where}); {_EU}",
        )
    text = _changelog(document)
    if text is not None and not changelog.has_section(text, str(after)):
        shown = document.snapshot.display(changelog.NAME)
        yield Problem(
            version,
            f"{shown} has no section for version {after}; {_EU} (`prepctl release` writes it)",
        )


def _changelog(document: Document) -> str | None:
    raw = document.snapshot.changelog
    if raw is None:
        return None
    return raw.decode("utf-8-sig", errors="replace")
