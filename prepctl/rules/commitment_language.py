"""Commitments use binding words.

Text the schema marks `x-prepctl-text: commitment` (a level's decision rule, a threshold's
response, a safeguard's measures, governance duties) binds the developer. The rule reads it with
the force ladder of prepctl's prose judge (`docs/prose-judge.md`) and reports every word that
binds less than a commitment: an intention (`intend to`, `aim to`, `plan to`, `expect to`,
`seek to`, `strive to`, `try to`, `work towards`), advice (`should`, `ought to`), a permission
(`may`, `might`, `could`, `can` after "we", `need not`, `reserve the right to`) or a
recommendation (`recommend`, `encourage`); and every hedge: discretion (`as appropriate`,
`if deemed necessary`, `as necessities dictate`), feasibility (`where possible`,
`where feasible`, `to the extent practicable`), effort (`reasonable efforts`) and generality
(`generally`, `typically`, `where applicable`). Write `must`, `will`, `will not` or the plain
present tense instead, and state any real exception as a condition (`unless`, `except`, which
the rule accepts).

Each weak phrase is reported at its own line and column inside the text (for text in double
quotes with escapes, at the start of the text). Words the judge reads as describing the world
are not reported: a modal inside a condition ("if the model may reach High") or right after
"which", "who" or a relative "that" ("information that could help"), "May" next to a number
(the month), a sentence opening with "Should" (a condition: "Should a model reach High, ..."),
and a word in quotation marks. To accept wording on purpose, put the suppression on the line
where the text starts (a comment cannot stand inside the text).

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

from prepctl.core import walk
from prepctl.core.document import Document, Location
from prepctl.core.finding import Severity
from prepctl.core.judge import weak_phrases
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
        offsets: list[int] | None = None  # each character's place in the file, found once
        for phrase in weak_phrases(value):
            if _normal(phrase.text) in allowed:
                continue
            start = place.file.parsed.values.get(place.path)
            location = place.location
            if start is not None:
                if place.file.relative not in sources:
                    sources[place.file.relative] = SourceText.of(document, place.file)
                source = sources[place.file.relative]
                if offsets is None:
                    matched = source.scalar_offsets(source.offset(*start), value)
                    offsets = matched[0] if matched is not None else []
                if phrase.start < len(offsets):
                    location = Location(place.file.display, *source.position(offsets[phrase.start]))
            shown = " ".join(phrase.text.split())
            yield Problem(
                place.address,
                f"'{shown}' {phrase.problem}; {phrase.suggestion}",
                location,
            )
