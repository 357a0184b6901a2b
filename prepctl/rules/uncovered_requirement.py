"""Every requirement of every claimed compliance profile is met by some item.

A framework claims compliance profiles in its manifest (`compliance.claims`: `ca-sb53`,
`ny-raise`, `eu-gpai-cop`, `seoul-2024`, or a profile of your own named in
`[tool.prepctl.compliance] profiles`). Each profile lists the requirements a law, code or
policy places on a published framework. An item says which of them it meets in its
`satisfies` list, as `profile/requirement`; a requirement no item names is not covered.

Only a mapping on a concrete item (a category, a threshold, a safeguard, a body, a report, a
duty, an exception) is evidence: a reader can open the item and check it. A mapping on the
manifest's root says only that the framework as a whole meets the requirement; a requirement
named there and nowhere else is *claimed without evidence*, and that is a finding too, on the
root's mapping. Move the mapping to the item that meets the requirement. Where a profile says
what counts as evidence for one requirement (the EU Code's risk tiers must be capability
thresholds; its overview of processes is the framework itself), a mapping elsewhere is a claim
in the same way. When there is truly no item to point at, suppress the finding on the mapping
with a reason.

The finding for a requirement nothing names stands on the claim and names the requirement's
official section. When another profile's equivalent requirement is met (New York §1421(1)(g)
asks the same as California §22757.12(a)(7)), it names the items that meet that one, the likely
home for the mapping. `prepctl coverage` prints the whole matrix.

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

```yaml
# framework.yaml
satisfies:
  - ca-sb53/a5     # the framework as a whole claims third-party assessment; no item shows it
```
"""

from __future__ import annotations

from typing import Any

from prepctl.core.compliance import IssueKind
from prepctl.core.finding import Severity
from prepctl.rules.base import coverage_check

ID = "uncovered-requirement"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}
KIND = IssueKind.UNCOVERED

check = coverage_check(KIND)
