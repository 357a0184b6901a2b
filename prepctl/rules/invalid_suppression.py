"""Inline suppressions are well formed and name known rules.

A comment starting `# prepctl:` is read as a suppression, `# prepctl: ignore[rule-id, ...]
reason`. One that cannot be read, or that names a rule prepctl does not know (a typo would
otherwise excuse nothing, silently), is reported. Schema errors cannot be suppressed, and the
rules about suppressions can only be turned off in configuration.

**Passes**

```yaml
id: crisis-escalation  # prepctl: ignore[unused-safeguard] applied to every consumer deployment
```

**Fails**

```yaml
id: crisis-escalation  # prepctl: ignore[unused-safegaurd] applied to every consumer deployment
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import SCHEMA_RULE, YAML_RULE, Context, Problem, suggest

ID = "invalid-suppression"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}
AFTER_SUPPRESSIONS = True


def check(document: Document, context: Context) -> Iterator[Problem]:
    known = list(context.known)
    for suppression in context.suppressions:
        if suppression.malformed:
            yield Problem(
                suppression.address,
                "cannot read this suppression; write # prepctl: ignore[rule-id] reason",
                suppression.location,
            )
            continue
        for rule in suppression.rules:
            if rule == SCHEMA_RULE.id:
                message = "schema errors cannot be suppressed; fix the value"
            elif rule == YAML_RULE.id:
                message = "a file that cannot be read cannot be excused; fix the file"
            elif rule in context.after_suppressions:
                message = f"'{rule}' cannot be suppressed inline; turn it off in configuration"
            elif rule not in known:
                close = suggest(rule, known)
                hint = f" (did you mean '{close}'?)" if close else "; `prepctl rules` lists them"
                message = f"unknown rule '{rule}' in suppression{hint}"
            else:
                continue
            yield Problem(suppression.address, message, suppression.location)
