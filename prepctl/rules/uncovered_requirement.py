"""Every requirement of every claimed compliance profile is met by some item.

A framework claims compliance profiles in its manifest (`compliance.claims`: `ca-sb53`,
`ny-raise`, `eu-gpai-cop`, `seoul-2024`, or a profile of your own named in
`[tool.prepctl.compliance] profiles`). Each profile lists the requirements a law, code or
policy places on a published framework. An item says which of them it meets in its
`satisfies` list, as `profile/requirement`; a requirement no item names is not covered.

The finding stands on the claim and names the requirement's official section. When another
profile's equivalent requirement is met (New York §1421(1)(g) asks the same as California
§22757.12(a)(7)), it names the items that meet that one, the likely home for the mapping.
`prepctl coverage` prints the whole matrix.

**Passes**

```yaml
# framework.yaml
compliance:
  claims:
    - ca-sb53
# safeguards/weights-security.yaml, and the other nine elements elsewhere
satisfies:
  - ca-sb53/a7
```

**Fails**

```yaml
# framework.yaml
compliance:
  claims:
    - ca-sb53      # no item has `satisfies: [ca-sb53/a7]`
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl import compliance
from prepctl.document import Document
from prepctl.finding import Severity
from prepctl.rules.base import Context, Problem

ID = compliance.UNCOVERED
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    coverage = compliance.for_lint(document, context.profiles)
    if coverage is None:
        return
    for issue in coverage.issues:
        if issue.rule == ID:
            yield Problem(issue.address, issue.message, issue.location)
