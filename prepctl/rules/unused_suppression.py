"""Every inline suppression suppresses something.

A suppression that matches no finding is stale: the problem it excused was fixed, or it sits on
the wrong line. Left in place, it would silently excuse a future finding nobody reviewed. A
suppression applies to findings on its own line or, when the comment stands alone on its line,
on the next line that is not a comment, and to findings about a value that starts on that line.
Rules turned off by configuration are not checked.

**Passes**

```yaml
safeguards:  # prepctl: ignore[level-safeguards-monotonic] ASL-4 security supersedes ASL-3
  - asl-4-security
```

**Fails**

```yaml
id: usage-monitoring  # prepctl: ignore[unused-safeguard] ...but a threshold requires it
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "unused-suppression"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}
AFTER_SUPPRESSIONS = True


def check(document: Document, context: Context) -> Iterator[Problem]:
    for suppression in context.suppressions:
        for rule in suppression.rules:
            if rule in suppression.used or rule not in context.ran:
                continue
            yield Problem(
                suppression.address,
                f"suppression of '{rule}' matches no finding on line {suppression.target}; "
                "remove it",
                suppression.location,
            )
