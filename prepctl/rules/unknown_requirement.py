"""Every compliance mapping and claim names a profile and requirement that exist.

A `satisfies` entry is written `profile/requirement`, such as `ca-sb53/a7`: the id of a
compliance profile (shipped with prepctl, or named in `[tool.prepctl.compliance] profiles`) and
the id of one of its requirements, which follow the official numbering (`a1`…`a10` for
California §22757.12(a)(1) to (10), `1-a`…`1-j` for New York §1421(1)(a) to (j), `F0`…`F4` and
`risk-cbrn`… for the EU Code, `I`…`VIII` for the Seoul commitments). A mapping to nothing
covers nothing, and is usually a typo: the finding stands on the entry and suggests the closest
id. A claim in `compliance.claims` that names no known profile is reported the same way.

**Passes**

```yaml
satisfies:
  - ca-sb53/a7
  - seoul-2024/III
```

**Fails**

```yaml
satisfies:
  - ca-sb53/a17      # ca-sb53 has a1 to a10
  - seoul-2024/iii   # ids keep the official numbering: III
```
"""

from __future__ import annotations

from typing import Any

from prepctl.core.compliance import IssueKind
from prepctl.core.finding import Severity
from prepctl.rules.base import coverage_check

ID = "unknown-requirement"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}
KIND = IssueKind.UNKNOWN

check = coverage_check(KIND)
