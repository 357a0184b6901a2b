"""Whether a change strengthens or weakens a framework, read from the schema and nowhere else.

Every verdict comes from the ``x-prepctl-*`` keywords of the schema nodes along the changed
place (see ``schemas/README.md``): a fixed ``impact``; a collection's ``stricter`` ("more":
adding strengthens, removing weakens; "fewer": the reverse); a number's ``stricter`` ("higher"
or "lower"); a boolean's stricter value; an enum's ``order``; an ``ordered`` list's order; and
the kind of ``text``. A change no keyword decides needs review: it is never silently neutral.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

from prepctl.core.judge import judge
from prepctl.core.meaning import BY_VALUE, SchemaNode

Chain = list[SchemaNode | None]
"""The schema nodes from the document root down to the changed place, one per address segment
(None where the schema does not describe the place)."""


class Impact(str, Enum):
    STRENGTHENING = "strengthening"
    WEAKENING = "weakening"
    NEUTRAL = "neutral"
    EDITORIAL = "editorial"
    NEEDS_REVIEW = "needs-review"

    def mirrored(self) -> Impact:
        """The impact of the opposite change (B → A instead of A → B)."""
        swap = {Impact.STRENGTHENING: Impact.WEAKENING, Impact.WEAKENING: Impact.STRENGTHENING}
        return swap.get(self, self)


@dataclass(frozen=True)
class Verdict:
    impact: Impact
    detail: str


def presence(kind: str, chain: Chain, name: str, *, in_list: bool, value: Any = None) -> Verdict:
    """An item or entry ``added`` or ``removed`` as a whole.

    ``name`` is the key of the collection (for a list item) or of the entry itself. A list
    item is judged by its collection's ``stricter``. An optional entry whose schema declares a
    ``default`` is judged as a change from (or to) that default, since that is what its absence
    means. ``presence``, on an optional entry or on a collection's items, says what adding one
    does, before the collection's ``stricter``.
    """
    node = chain[-1] if chain else None
    if not in_list and node is not None and "default" in node.schema:
        default = node.schema["default"]
        before, after = (default, value) if kind == "added" else (value, default)
        if _same_kind(before, after) and before == after:
            return Verdict(Impact.NEUTRAL, f"{name} {kind}; {show(value)} is its default")
        verdict = modification(chain, name, before, after)
        return Verdict(verdict.impact, f"{verdict.detail}; absent means {show(default)}")
    fixed = _fixed(chain)
    presence_says = node.keyword("presence") if node is not None else None
    collection = chain[-2] if in_list and len(chain) > 1 else None
    if (
        collection is not None
        and collection.identity == BY_VALUE
        and isinstance(value, str)
        and presence_says not in _PRESENCE
    ):
        # A set of names: say which name came or went, in words.
        way = "now includes" if kind == "added" else "no longer includes"
        return _in_set(kind, collection, fixed, f"{name} {way} {value}")
    where = f"to {name}" if kind == "added" else f"from {name}"
    if fixed is None and presence_says in _PRESENCE:
        impact = _PRESENCE[presence_says]
        if kind == "removed":
            impact = impact.mirrored()
        said = (
            "neutral by the schema"
            if impact is Impact.NEUTRAL
            else f"having it {presence_says} the framework"
        )
        return Verdict(impact, f"{kind} {where} ({said})" if in_list else f"{name} {kind} ({said})")
    if fixed is not None:
        return Verdict(fixed, f"{kind} {where} ({fixed.value} by the schema)")
    if in_list:
        collection = chain[-2] if len(chain) > 1 else None
        stricter = collection.keyword("stricter") if collection else None
        if stricter in ("more", "fewer"):
            grows = (kind == "added") == (stricter == "more")
            impact = Impact.STRENGTHENING if grows else Impact.WEAKENING
            return Verdict(impact, f"{kind} {where} ({stricter} is stricter)")
        return Verdict(
            Impact.NEEDS_REVIEW, f"{kind} {where} (the schema does not say which way is stricter)"
        )
    if node is not None and node.text == "editorial":
        return Verdict(Impact.EDITORIAL, f"{name} {kind} (editorial text)")
    return Verdict(
        Impact.NEEDS_REVIEW, f"{name} {kind} (the schema does not say which way is stricter)"
    )


def _in_set(kind: str, collection: SchemaNode, fixed: Impact | None, said: str) -> Verdict:
    """A name added to or removed from a set, judged by the set's ``stricter``."""
    if fixed is not None:
        return Verdict(fixed, f"{said} ({fixed.value} by the schema)")
    stricter = collection.keyword("stricter")
    if stricter in ("more", "fewer"):
        grows = (kind == "added") == (stricter == "more")
        impact = Impact.STRENGTHENING if grows else Impact.WEAKENING
        return Verdict(impact, f"{said} ({stricter} is stricter)")
    return Verdict(Impact.NEEDS_REVIEW, f"{said} (the schema does not say which way is stricter)")


def modification(chain: Chain, name: str, before: Any, after: Any) -> Verdict:
    """A value replaced by another at the same place."""
    fixed = _fixed(chain)
    if fixed is not None:
        return Verdict(
            fixed, f"{name} {show(before)} → {show(after)} ({fixed.value} by the schema)"
        )
    node = chain[-1] if chain else None
    if not _same_kind(before, after):
        return Verdict(
            Impact.NEEDS_REVIEW, f"{name} changed from {_kind(before)} to {_kind(after)}"
        )
    if node is None:
        return Verdict(
            Impact.NEEDS_REVIEW, f"{name} {show(before)} → {show(after)} (not in the schema)"
        )
    stricter = node.keyword("stricter")
    if isinstance(before, bool) and isinstance(after, bool) and isinstance(stricter, bool):
        impact = Impact.STRENGTHENING if after == stricter else Impact.WEAKENING
        return Verdict(
            impact, f"{name} {show(before)} → {show(after)} ({show(stricter)} is stricter)"
        )
    if _is_number(before) and stricter in ("higher", "lower"):
        raised = after > before
        impact = Impact.STRENGTHENING if raised == (stricter == "higher") else Impact.WEAKENING
        verb = "raised" if raised else "lowered"
        return Verdict(
            impact, f"{name} {verb} {show(before)} → {show(after)} ({stricter} is stricter)"
        )
    if isinstance(before, str) and isinstance(after, str) and stricter in ("shorter", "longer"):
        length_before, length_after = duration_days(before), duration_days(after)
        if length_before is not None and length_after is not None:
            shown = f"{name} {show(before)} → {show(after)}"
            if length_before == length_after:
                return Verdict(Impact.NEUTRAL, f"{shown} (the same length of time)")
            shorter = length_after < length_before
            impact = (
                Impact.STRENGTHENING if shorter == (stricter == "shorter") else Impact.WEAKENING
            )
            way = "shorter" if shorter else "longer"
            return Verdict(impact, f"{shown}: {way} ({stricter} is stricter)")
    order = node.keyword("order")
    if isinstance(order, list) and before in order and after in order:
        later = order.index(after) > order.index(before)
        impact = Impact.STRENGTHENING if later else Impact.WEAKENING
        scale = " < ".join(str(value) for value in order)
        return Verdict(impact, f"{name} {show(before)} → {show(after)} (stricter order: {scale})")
    if isinstance(before, str) and node.text is not None:
        return _text(node.text, before, after)
    return Verdict(
        Impact.NEEDS_REVIEW,
        f"{name} {show(before)} → {show(after)} (the schema does not say which way is stricter)",
    )


def reordering(chain: Chain, name: str, before: list[str], after: list[str]) -> Verdict:
    """The items of an ``x-prepctl-ordered`` list now stand in another order."""
    fixed = _fixed(chain)
    shown = f"{name} reordered: {', '.join(before)} → {', '.join(after)}"
    if fixed is not None:
        return Verdict(fixed, f"{shown} ({fixed.value} by the schema)")
    return Verdict(Impact.NEEDS_REVIEW, f"{shown} (the order carries meaning)")


def lineage(kind: str, chain: Chain, base_address: str, others: tuple[str, ...]) -> Verdict:
    """An item that continues another under a new id (its ``replaces`` says so): the pair
    itself changes nothing; what changed across it is judged field by field."""
    with_others = f" (with {', '.join(others)})" if others else ""
    shown = {
        "renamed": f"renamed from {base_address}",
        "split": f"split from {base_address}{with_others}",
        "merged": f"merged from {base_address}{with_others}",
    }.get(kind, f"{kind} from {base_address}")
    fixed = _fixed(chain)
    if fixed is not None:
        return Verdict(fixed, f"{shown} ({fixed.value} by the schema)")
    return Verdict(Impact.NEUTRAL, shown)


def move(chain: Chain, base_address: str) -> Verdict:
    """An item that left one parent and joined another: no keyword says what that means."""
    fixed = _fixed(chain)
    if fixed is not None:
        return Verdict(fixed, f"moved from {base_address} ({fixed.value} by the schema)")
    return Verdict(Impact.NEEDS_REVIEW, f"moved from {base_address}")


_IMPACTS = {impact.value for impact in Impact}
_PRESENCE = {
    "strengthens": Impact.STRENGTHENING,
    "weakens": Impact.WEAKENING,
    "neutral": Impact.NEUTRAL,
}
"""What ``x-prepctl-presence`` says adding an optional entry does (removing it: the mirror)."""

_DURATION = re.compile(
    r"P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?"
)
_YEAR = Fraction(3652425, 10000)
_DAYS_IN = (
    _YEAR,
    _YEAR / 12,
    Fraction(7),
    Fraction(1),
    Fraction(1, 24),
    Fraction(1, 1440),
    Fraction(1, 86400),
)
"""Days in a year, a month, a week, a day, an hour, a minute, a second: years and months at
their average length, so that P1Y equals P12M."""


def duration_days(text: str) -> Fraction | None:
    """An ISO 8601 duration (P1Y, P6M, PT24H) as a number of days, None for anything else."""
    if len(text) > 64:
        return None
    found = _DURATION.fullmatch(text)
    if found is None:
        return None
    return sum(
        (int(part) * days for part, days in zip(found.groups(), _DAYS_IN, strict=True) if part),
        Fraction(0),
    )


def _fixed(chain: Chain) -> Impact | None:
    """The innermost fixed ``x-prepctl-impact`` along the chain."""
    for node in reversed(chain):
        value = node.keyword("impact") if node is not None else None
        if value in _IMPACTS:
            return Impact(value)
    return None


def _text(kind: str, before: str, after: str) -> Verdict:
    if kind == "commitment":
        # The prose judge reads the change clause by clause and explains itself.
        judgement = judge(before, after)
        shown = f'"{judgement.before}" → "{judgement.after}"'
        return Verdict(Impact(judgement.impact), f"{shown} ({judgement.explanation})")
    old, new = excerpt(before, after)
    shown = f'"{old}" → "{new}"'
    if kind == "editorial":
        return Verdict(Impact.EDITORIAL, f"{shown} (editorial text)")
    return Verdict(Impact.NEEDS_REVIEW, f"{shown} ({kind} text)")


def excerpt(before: str, after: str, *, context: int = 3, limit: int = 80) -> tuple[str, str]:
    """The differing words of two texts with a little context, elided with '…'.

    The window runs from the first word that differs to the last (the words both texts share
    at their start and at their end are left out), then ``context`` words after it.
    """
    old, new = before.split(), after.split()
    shortest = min(len(old), len(new))
    start = 0
    while start < shortest and old[start] == new[start]:
        start += 1
    if start == len(old) == len(new):  # only whitespace differs
        return _clip(" ".join(old), limit), _clip(" ".join(new), limit)
    shared_end = 0
    while shared_end < shortest - start and old[-1 - shared_end] == new[-1 - shared_end]:
        shared_end += 1
    old_end, new_end = len(old) - shared_end, len(new) - shared_end
    # A replaced word speaks for itself; an inserted or deleted one needs its neighbour.
    lead = 0 if old_end > start and new_end > start else min(1, start)
    tail = min(context, shared_end)
    return (
        _window(old, start - lead, old_end + tail, limit),
        _window(new, start - lead, new_end + tail, limit),
    )


def _window(words: list[str], start: int, end: int, limit: int) -> str:
    text = _clip(" ".join(words[start:end]), limit)
    return ("…" if start > 0 else "") + text + ("…" if end < len(words) else "")


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return text[:half].rstrip() + "…" + text[len(text) - half :].lstrip()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same_kind(before: Any, after: Any) -> bool:
    if _is_number(before):
        return _is_number(after)
    return type(before) is type(after)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    if _is_number(value):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return type(value).__name__


def show(value: Any) -> str:
    """A short rendering of a value for a change's detail."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{_clip(value, 60)}"'
    if isinstance(value, (list, dict)):
        return _kind(value)
    return str(value)
