"""Every threshold of a tracked category is watched by an evaluation with a trigger.

An assessment decides that a threshold is reached by comparing evaluation results with the
triggers of the evaluations that inform it (`prepctl assess`). A threshold that no evaluation
with a trigger value watches can never be found reached from results: the decision rests on
judgement alone, and a model can cross it with nobody's numbers showing it.

An evaluation watches the thresholds it lists; its trigger is the number in it whose schema says
which way is stricter (`x-prepctl-stricter`). Research categories are not checked, and neither
is a framework that publishes no trigger value at all (several labs keep theirs confidential):
once one evaluation has a trigger, every threshold needs one. The default severity is info
(reported, never failing a run), since a lab may publish triggers for some thresholds only;
raise it in configuration to hold a framework to it.

**Passes**

```yaml
status: tracked
thresholds:
  - id: high
    level: high
evaluations:
  - id: suite
    thresholds: [high]
    trigger:
      value: 0.5
      unit: fraction of tasks solved
```

**Fails**

```yaml
status: tracked
thresholds:
  - id: high          # no evaluation with a trigger watches it
    level: high
evaluations:
  - id: suite
    thresholds: [high]
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core.assess.vocabulary import trigger_of, words
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules import concepts
from prepctl.rules.base import Context, Problem

ID = "unwatched-threshold"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    model = concepts.model(document)
    if model is None:
        return
    triggered = {category.address: _watched(category) for category in model.categories}
    if not any(names is not None for names in triggered.values()):
        return
    for category in model.categories:
        if not category.tracked:
            continue
        watched = triggered[category.address] or set()
        for threshold in category.thresholds:
            if threshold.id in watched:
                continue
            yield Problem(
                threshold.address,
                "no evaluation with a trigger watches this threshold; give one of the "
                "evaluations that inform it a trigger value, so that results can show it "
                "reached",
                threshold.location,
            )


def _watched(category: concepts.Category) -> set[str] | None:
    """The thresholds the category's evaluations with a trigger watch; None when none of its
    evaluations has a trigger."""
    vocabulary = words()
    data = category.file.data
    listed = data.get(vocabulary.evaluations) if isinstance(data, dict) else None
    watched: set[str] | None = None
    for evaluation in listed if isinstance(listed, list) else []:
        if not isinstance(evaluation, dict) or trigger_of(evaluation) is None:
            continue
        watched = watched if watched is not None else set()
        names = evaluation.get(vocabulary.evaluation_thresholds)
        if isinstance(names, list):
            watched.update(name for name in names if isinstance(name, str))
    return watched
