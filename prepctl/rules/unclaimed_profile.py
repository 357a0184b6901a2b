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

from typing import Any

from prepctl.core.compliance import IssueKind
from prepctl.core.finding import Severity
from prepctl.rules.base import coverage_check

ID = "unclaimed-profile"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}
KIND = IssueKind.UNCLAIMED

check = coverage_check(KIND)
