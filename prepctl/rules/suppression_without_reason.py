"""Every inline suppression says why.

A suppression, `# prepctl: ignore[rule-id] reason`, excuses a finding next to what it excuses;
the reason is what a reviewer reads to accept it. Write it after the closing bracket. A
suppression without a reason still suppresses, and is reported itself.

**Passes**

```yaml
id: crisis-escalation  # prepctl: ignore[unused-safeguard] applied to every consumer deployment
```

**Fails**

```yaml
id: crisis-escalation  # prepctl: ignore[unused-safeguard]
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "suppression-without-reason"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}
AFTER_SUPPRESSIONS = True


def check(document: Document, context: Context) -> Iterator[Problem]:
    for suppression in context.suppressions:
        if suppression.malformed or suppression.reason:
            continue
        yield Problem(
            suppression.address,
            "suppression gives no reason; write why after the closing bracket: "
            f"# prepctl: ignore[{', '.join(suppression.rules)}] reason",
            suppression.location,
        )
