"""An assessment made under an older framework version is reported once the framework changes.

It is reported when a later version changes what it assessed.

An assessment's determination (`prepctl assess`) holds for the version it names. Once a later
version changes a threshold, an evaluation or its trigger, a safeguard or a decision rule of a
category the assessment has results in (or a safeguard it reports on, or a level's rules), the
same results may reach another level or owe other safeguards: the assessment no longer says
what the framework in force says. Changes of wording alone do not count. Reassess under the
current version (a new assessment file), or review and suppress with a reason.

**Passes**

```yaml
# assessments/atlas-3/2026-11-20.yaml, with framework/framework.yaml at version 1.0.0
framework: 1.0.0
```

**Fails**

```yaml
# the framework is now 1.1.0, and 1.1.0 raised a trigger of a category assessed here
framework: 1.0.0
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core.document import Document, Location
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "stale-assessment"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    if not context.assessments:
        return  # nothing to check, and the assessment machinery stays unloaded
    from prepctl.core.assess.frameworks import version_of
    from prepctl.core.assess.staleness import first_affecting_change

    current = version_of(document)
    for assessed in context.assessments:
        changed = first_affecting_change(assessed, document)
        if changed is None or assessed.framework is None:
            continue
        assessment = assessed.assessment
        yield Problem(
            changed,
            f"made under framework {version_of(assessed.framework.document)}; {current} "
            f"changes what it assessed here; assess the model again under {current}",
            Location(assessment.name, *assessment.at("framework")),
        )
