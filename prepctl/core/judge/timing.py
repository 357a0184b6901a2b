"""Frequencies, deadlines and durations, compared by what they mean.

Every phrase is read as a number of days and a sense that says which way is stricter:

- interval, how often something recurs ("monthly", "every quarter", "twice a year", "at least
  once a year", "every 2 years"): shorter is stricter;
- deadline, by when it is done ("within 30 days", "no later than 2 weeks"): shorter is stricter;
- minimum, how long it lasts at least ("for at least 30 days", "for 90 days"): longer is stricter;
- maximum, how long it may last at most ("for up to 7 days"): shorter is stricter;
- period, a bare span ("6 months"): the direction depends on the sentence, so a change needs
  review.

Vague timing words are ranked among themselves: intervals "continuously" > "regularly" >
"periodically" > "from time to time"; deadlines "immediately" > "promptly" > "as soon as
possible" > "in a timely manner" > "in due course". A number replaced by a vague word ("every
quarter" → "regularly") loosens the commitment; the reverse tightens it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from prepctl.core.judge import numbers
from prepctl.core.judge.lexicon import Lexicon, Mention

FAMILY = "timing"
INTERVAL = "interval"
DEADLINE = "deadline"
MINIMUM = "minimum"
MAXIMUM = "maximum"
PERIOD = "period"
VAGUE_INTERVAL = "vague interval"
VAGUE_DEADLINE = "vague deadline"

SHORTER_IS_STRICTER = frozenset({INTERVAL, DEADLINE, MAXIMUM})
LONGER_IS_STRICTER = frozenset({MINIMUM})

_MONTH = 365 / 12
_UNITS = Lexicon(
    [
        ("hour", 1 / 24),
        ("hours", 1 / 24),
        ("day", 1.0),
        ("days", 1.0),
        ("calendar day", 1.0),
        ("calendar days", 1.0),
        ("business day", 7 / 5),
        ("business days", 7 / 5),
        ("working day", 7 / 5),
        ("working days", 7 / 5),
        ("week", 7.0),
        ("weeks", 7.0),
        ("fortnight", 14.0),
        ("fortnights", 14.0),
        ("month", _MONTH),
        ("months", _MONTH),
        ("calendar month", _MONTH),
        ("quarter", 3 * _MONTH),
        ("quarters", 3 * _MONTH),
        ("year", 365.0),
        ("years", 365.0),
        ("calendar year", 365.0),
        ("annum", 365.0),
    ]
)


class _Fixed(NamedTuple):
    sense: str
    rank: float


_FIXED = Lexicon(
    [
        ("hourly", _Fixed(INTERVAL, 1 / 24)),
        ("daily", _Fixed(INTERVAL, 1.0)),
        ("weekly", _Fixed(INTERVAL, 7.0)),
        ("fortnightly", _Fixed(INTERVAL, 14.0)),
        ("monthly", _Fixed(INTERVAL, _MONTH)),
        ("quarterly", _Fixed(INTERVAL, 3 * _MONTH)),
        ("semiannually", _Fixed(INTERVAL, 6 * _MONTH)),
        ("semi annually", _Fixed(INTERVAL, 6 * _MONTH)),
        ("half yearly", _Fixed(INTERVAL, 6 * _MONTH)),
        ("annually", _Fixed(INTERVAL, 365.0)),
        ("yearly", _Fixed(INTERVAL, 365.0)),
        ("per annum", _Fixed(INTERVAL, 365.0)),
        ("biennially", _Fixed(INTERVAL, 730.0)),
        ("continuously", _Fixed(VAGUE_INTERVAL, 0)),
        ("continually", _Fixed(VAGUE_INTERVAL, 0)),
        ("constantly", _Fixed(VAGUE_INTERVAL, 0)),
        ("on an ongoing basis", _Fixed(VAGUE_INTERVAL, 0)),
        ("regularly", _Fixed(VAGUE_INTERVAL, 1)),
        ("routinely", _Fixed(VAGUE_INTERVAL, 1)),
        ("on a regular basis", _Fixed(VAGUE_INTERVAL, 1)),
        ("at regular intervals", _Fixed(VAGUE_INTERVAL, 1)),
        ("periodically", _Fixed(VAGUE_INTERVAL, 2)),
        ("on a periodic basis", _Fixed(VAGUE_INTERVAL, 2)),
        ("from time to time", _Fixed(VAGUE_INTERVAL, 3)),
        ("occasionally", _Fixed(VAGUE_INTERVAL, 3)),
        ("immediately", _Fixed(VAGUE_DEADLINE, 0)),
        ("without delay", _Fixed(VAGUE_DEADLINE, 0)),
        ("promptly", _Fixed(VAGUE_DEADLINE, 1)),
        ("rapidly", _Fixed(VAGUE_DEADLINE, 1)),
        ("quickly", _Fixed(VAGUE_DEADLINE, 1)),
        ("swiftly", _Fixed(VAGUE_DEADLINE, 1)),
        ("as soon as possible", _Fixed(VAGUE_DEADLINE, 2)),
        ("as soon as practicable", _Fixed(VAGUE_DEADLINE, 2)),
        ("as soon as reasonably practicable", _Fixed(VAGUE_DEADLINE, 2)),
        ("without undue delay", _Fixed(VAGUE_DEADLINE, 2)),
        ("in a timely manner", _Fixed(VAGUE_DEADLINE, 3)),
        ("in a timely fashion", _Fixed(VAGUE_DEADLINE, 3)),
        ("timely", _Fixed(VAGUE_DEADLINE, 3)),
        ("in due course", _Fixed(VAGUE_DEADLINE, 4)),
    ]
)

_LEADS = Lexicon(
    [
        ("within", DEADLINE),
        ("no later than", DEADLINE),
        ("for at least", MINIMUM),
        ("for a minimum of", MINIMUM),
        ("for", MINIMUM),
        ("at least", MINIMUM),
        ("for up to", MAXIMUM),
        ("for at most", MAXIMUM),
        ("for no more than", MAXIMUM),
        ("up to", MAXIMUM),
        ("at most", MAXIMUM),
        ("no more than", MAXIMUM),
    ]
)
_EVERY = frozenset({"every", "each", "per"})
_COUNTS = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_PER = frozenset({"a", "an", "per", "each", "every"})


def find(norms: Sequence[str], kinds: Sequence[str], at: int, limit: int) -> Mention | None:
    """The timing phrase starting at word ``at`` (ending before ``limit``), if any."""
    fixed = _FIXED.match(norms, at, limit=limit)
    if fixed is not None:
        end, key, (sense, rank) = fixed
        return Mention(FAMILY, at, end, key, sense, rank)
    start = at
    if norms[at] == "at" and at + 1 < limit and norms[at + 1] == "least":
        recurring = _recurring(norms, kinds, at + 2, limit)
        if recurring is not None:  # "at least once a year" is "once a year"
            end, days = recurring
            return Mention(FAMILY, start, end, _key(norms, start, end), INTERVAL, days)
    recurring = _recurring(norms, kinds, at, limit)
    if recurring is not None:
        end, days = recurring
        return Mention(FAMILY, start, end, _key(norms, start, end), INTERVAL, days)
    sense = PERIOD
    lead = _LEADS.match(norms, at, limit=limit)
    if lead is not None:
        at, _, sense = lead
    span = _span(norms, kinds, at, limit)
    if span is None:
        return None
    end, days = span
    return Mention(FAMILY, start, end, _key(norms, start, end), sense, days)


def _recurring(
    norms: Sequence[str], kinds: Sequence[str], at: int, limit: int
) -> tuple[int, float] | None:
    """ "every 2 years", "each quarter", "every other month", "twice a year", "3 times per
    month": the end and the interval in days."""
    if at >= limit:
        return None
    word = norms[at]
    if word in _EVERY:
        at += 1
        if at < limit and norms[at] == "other":
            unit = _UNITS.match(norms, at + 1, limit=limit)
            return (unit[0], 2 * unit[2]) if unit else None
        span = _span(norms, kinds, at, limit)
        if span is not None:
            return span
        unit = _UNITS.match(norms, at, limit=limit) if at < limit else None
        return (unit[0], unit[2]) if unit else None
    if word in _COUNTS:
        count, at = _COUNTS[word], at + 1
    else:
        written = numbers.value(norms, at, kinds)
        if written is None or written[0] >= limit or norms[written[0]] != "times":
            return None
        at, count = written[0] + 1, written[1]
    if at >= limit or norms[at] not in _PER or count <= 0:
        return None
    unit = _UNITS.match(norms, at + 1, limit=limit) if at + 1 < limit else None
    return (unit[0], unit[2] / count) if unit else None


def _span(
    norms: Sequence[str], kinds: Sequence[str], at: int, limit: int
) -> tuple[int, float] | None:
    """ "30 days", "two weeks", "a month", "6 months": the end and the length in days."""
    if at >= limit:
        return None
    if norms[at] in ("a", "an") and at + 1 < limit and norms[at + 1] not in ("hundred",):
        count, after = 1.0, at + 1
    else:
        written = numbers.value(norms, at, kinds)
        if written is None:
            return None
        after, count = written
    if after >= limit:
        return None
    unit = _UNITS.match(norms, after, limit=limit)
    if unit is None:
        return None
    return unit[0], count * unit[2]


def _key(norms: Sequence[str], start: int, end: int) -> str:
    return " ".join(norms[start:end])


def describe_days(days: float) -> str:
    """ "30 days", "3 months", "1 year": for messages."""
    for unit, length in (("year", 365.0), ("month", _MONTH), ("week", 7.0), ("day", 1.0)):
        count = days / length
        if count >= 1 and abs(count - round(count)) < 0.05:
            whole = round(count)
            return f"{whole} {unit}{'' if whole == 1 else 's'}"
    return f"{numbers.show(round(days, 1))} days"
