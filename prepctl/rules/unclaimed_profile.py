"""Compliance mappings name only profiles the framework claims.

An item that says it meets `ny-raise/1-g` while the manifest does not claim `ny-raise` makes a
claim nobody checks: the other requirements of that profile are never tested for coverage. Add
the profile to `compliance.claims` in the manifest, or remove the mapping. Each such mapping is
reported where it is written.

**Passes**

```yaml
# framework.yaml
compliance:
  claims:
    - ny-raise
# safeguards/weights-security.yaml
satisfies:
  - ny-raise/1-g
```

**Fails**

```yaml
# framework.yaml claims only ca-sb53
satisfies:
  - ny-raise/1-g
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import compliance
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = compliance.UNCLAIMED
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    coverage = compliance.for_lint(document, context.profiles)
    if coverage is None:
        return
    for issue in coverage.issues:
        if issue.rule == ID:
            yield Problem(issue.address, issue.message, issue.location)
