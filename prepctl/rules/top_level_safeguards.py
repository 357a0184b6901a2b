"""Every threshold of the highest level lists the safeguards its level's decision rules name.

The levels are ordered (their schema is `x-prepctl-ordered`, lowest first); the last one is the
most severe, Critical in most frameworks. A decision rule of a level may name safeguards that
must be in place before its stage proceeds. A threshold of the highest level that does not list
one of them among its own safeguards reads as if it did not need it: the rule still binds, but
a reader of the threshold, a redline of it and the safeguards report all lose sight of it, and
a later edit can drop the rule's requirement without touching any threshold.

**Passes**

```yaml
# framework.yaml
levels:
  - id: critical
    rules:
      - id: development
        when: development
        effect: halt
        safeguards: [weights-security]
# categories/cyber.yaml
thresholds:
  - id: critical
    level: critical
    safeguards: [weights-security]
```

**Fails**

```yaml
thresholds:
  - id: critical      # its level's rule 'development' names weights-security
    level: critical
    safeguards: [usage-monitoring]
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core.assess.vocabulary import words
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules import concepts
from prepctl.rules.base import Context, Problem

ID = "top-level-safeguards"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    model = concepts.model(document)
    if model is None or not model.levels:
        return
    top = model.levels[-1]
    w = words()
    named: dict[str, str] = {}  # safeguard → the rule that names it
    rules = top.data.get(w.level_rules) if w.level_rules else None
    for rule in rules if isinstance(rules, list) else []:
        safeguards = rule.get(w.rule_safeguards) if isinstance(rule, dict) else None
        for safeguard in safeguards if isinstance(safeguards, list) else []:
            if isinstance(safeguard, str):
                named.setdefault(safeguard, str(rule.get("id")))
    for category in model.categories:
        for threshold in category.thresholds:
            if threshold.level != top.id:
                continue
            for safeguard, rule in named.items():
                if safeguard in threshold.safeguards:
                    continue
                yield Problem(
                    threshold.address,
                    f"the {top.id} level's decision rule '{rule}' requires safeguard "
                    f"'{safeguard}', which this {top.id} threshold does not list; add it to "
                    "the threshold's safeguards",
                    threshold.location,
                )
