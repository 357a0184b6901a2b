"""Every evaluation, safeguard and body an assessment names exists in its framework version.

An assessment (`assessments/<model>/<date>.yaml`) records results by evaluation address and
safeguard status by safeguard address, under the framework version it names (a release tag or
a version). A result for an evaluation that version does not have counts for nothing: no
trigger reads it, and the determination is silently made without it. `prepctl assess` refuses
such a file; lint reports each reference where it is written, and also an assessment whose
version names no release tag and is not the working tree's.

**Passes**

```yaml
framework: 1.0.0
results:
  - evaluation: /categories/cybersecurity/evaluations/professional-ctf
    value: 0.64
```

**Fails**

```yaml
framework: 1.0.0
results:
  - evaluation: /categories/cybersecurity/evaluations/profesional-ctf   # no such evaluation
    value: 0.64
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core.document import Document, Location
from prepctl.core.finding import Severity
from prepctl.errors import InputError
from prepctl.rules.base import Context, Problem

ID = "assessment-reference"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    if not context.assessments:
        return  # nothing to check, and the assessment machinery stays unloaded
    from prepctl.core.assess.frameworks import unknown_references

    for assessed in context.assessments:
        assessment = assessed.assessment
        if assessed.framework is None:
            problem = assessed.problem
            if isinstance(problem, InputError):
                yield Problem(
                    "/framework",
                    problem.problem,
                    Location(problem.file, problem.line, problem.column),
                )
            continue
        for path, where, message in unknown_references(assessment, assessed.framework):
            yield Problem(where, message, Location(assessment.name, *assessment.at(*path)))
