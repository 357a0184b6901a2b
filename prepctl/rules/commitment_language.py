"""Commitments use binding words.

Text the schema marks `x-prepctl-text: commitment` (a level's decision rule, a threshold's
response, a safeguard's measures, governance duties) binds the developer. Weak wording turns it
into an intention: modal verbs (`may`, `might`, `should`, `could`), hedges (`where possible`,
`where feasible`, `if practicable`, `as appropriate`) and effort verbs (`endeavour to`, `aim to`,
`try to`). Write `must`, `will` or `will not` instead, and state any real exception as a
condition.

Each weak phrase is reported at its own line and column inside the text (for text in double
quotes with escapes, at the start of the text). "May" next to a number (the month) and a
sentence opening with "Should" (a condition: "Should a model reach High, ...") are not
reported, nor is a word in quotation marks. To accept wording on purpose, put the suppression on
the line where the text starts (a comment cannot stand inside the text).

Options:

- `allow` (list of phrases, default none): weak phrases to accept, such as `["could"]`.

**Passes**

```yaml
response: >-
  Meridian will not deploy the model until every safeguard is in place.
```

**Fails**

```yaml
response: >-
  Meridian should not deploy the model until safeguards are in place
  where possible.
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import modality, walk
from prepctl.core.document import Document, Location
from prepctl.core.finding import Severity
from prepctl.core.source_text import SourceText
from prepctl.rules.base import Context, Problem

ID = "commitment-language"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"allow": []}

COMMITMENT = "commitment"


def _normal(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def check(document: Document, context: Context) -> Iterator[Problem]:
    allowed = {_normal(str(phrase)) for phrase in context.options.get("allow", [])}
    sources: dict[str, SourceText] = {}
    for place in walk.places(document):
        if place.node is None or place.node.text != COMMITMENT:
            continue
        value = walk.text(place.value)
        if value is None:
            continue
        # Where each character of the text is written, matched once for all its phrases.
        offsets: list[int] | None = None
        source: SourceText | None = None
        for phrase in modality.weak_phrases(value):
            if _normal(phrase.text) in allowed:
                continue
            start = place.file.parsed.values.get(place.path)
            location = place.location
            if start is not None:
                if source is None:
                    if place.file.relative not in sources:
                        sources[place.file.relative] = SourceText.of(document, place.file)
                    source = sources[place.file.relative]
                    matched = source.scalar_offsets(source.offset(*start), value)
                    offsets = matched[0] if matched is not None else None
                if offsets is not None and phrase.start < len(offsets):
                    location = Location(place.file.display, *source.position(offsets[phrase.start]))
            shown = " ".join(phrase.text.split())
            yield Problem(
                place.address,
                f"'{shown}' {phrase.problem}; {phrase.suggestion}",
                location,
            )
