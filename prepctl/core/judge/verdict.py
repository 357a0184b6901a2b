"""The verdict on a changed commitment, with the reasons that make it.

1. Editorial when provably so: the same words (spacing, case, punctuation, quotes, dashes,
   hyphenation and listed spelling variants aside), or the same sentences in another order.
2. Otherwise the two texts are aligned word by word and every changed region is read
   (:mod:`prepctl.core.judge.signals`). A hedge moved from one place to another cancels out;
   words deleted in one place and written again in another are moved, not removed.
3. The signals decide: a negation flip, or signals pointing both ways, need review; signals
   pointing one way decide the direction, even beside rewording no rule reads; rewording alone
   needs review; changes that keep the force ("will allow" → "allow") are neutral; layout and
   spelling alone are editorial.
4. Reading B → A must give the mirror image of A → B; when it does not (the alignment can
   differ), the change needs review.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from prepctl.core.judge import alignment, evidence
from prepctl.core.judge.alignment import align
from prepctl.core.judge.evidence import Signal
from prepctl.core.judge.reading import Reading
from prepctl.core.judge.regions import Region, regions
from prepctl.core.judge.signals import read
from prepctl.core.judge.words import letters, tokens

WEAKENING = "weakening"
STRENGTHENING = "strengthening"
NEUTRAL = "neutral"
EDITORIAL = "editorial"
NEEDS_REVIEW = "needs-review"

_MIRROR = {WEAKENING: STRENGTHENING, STRENGTHENING: WEAKENING}
_SHOWN = 4
_CONTEXT = 3
_LIMIT = 80
_REWRITTEN = 0.5
"""The share of words a text must keep for a deleted or added clause to count as one."""
_TOO_DIFFERENT = "the texts are too different to compare word by word"
_DIRECTED = (evidence.WEAKER, evidence.STRONGER)


@dataclass(frozen=True)
class Judgement:
    """The impact (a :class:`prepctl.core.classify.Impact` value), the changed span of each text
    with a little context, and the reasons, each quoting its words and naming its rule."""

    impact: str
    before: str
    after: str
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def judge(before: str, after: str) -> Judgement:
    """How ``after`` changes the commitment ``before`` states."""
    found_before, found_after = tokens(before), tokens(after)
    if letters(found_before) == letters(found_after):
        shown_before, shown_after = _edges(before, after)
        reason = "only spacing, case, punctuation, hyphenation or spelling changed"
        return Judgement(EDITORIAL, shown_before, shown_after, (reason,))
    old, new = Reading(before, found_before), Reading(after, found_after)
    if _sentences(old) == _sentences(new):
        reason = "the same sentences in another order"
        return Judgement(EDITORIAL, _clip(before), _clip(after), (reason,))
    forward = _judge_one(old, new)
    if forward.reasons == (_TOO_DIFFERENT,):
        return forward  # the reverse reading is as far apart
    backward = _judge_one(new, old)
    if _MIRROR.get(backward.impact, backward.impact) != forward.impact:
        return Judgement(
            NEEDS_REVIEW,
            forward.before,
            forward.after,
            (*forward.reasons, "the change reads differently in each direction"),
        )
    return forward


def _judge_one(old: Reading, new: Reading) -> Judgement:
    hunks = align(old.norms, new.norms, budget=alignment.BUDGET)
    if hunks is None:
        return Judgement(
            NEEDS_REVIEW,
            _clip(old.text),
            _clip(new.text),
            (_TOO_DIFFERENT,),
        )
    found: list[Signal] = []
    for region in regions(old, new, hunks):
        found += read(old, new, region)
    found = _moved(old, new, _cancel_moves(found))
    kept = len(old.words) - sum(hunk.a_end - hunk.a_start for hunk in hunks)
    if kept < _REWRITTEN * max(len(old.words), len(new.words)):
        found = _rewritten(found)
    found = list(dict.fromkeys(found))  # one signal per distinct finding
    return _decide(old, new, found)


def _decide(old: Reading, new: Reading, found: list[Signal]) -> Judgement:
    effects = {signal.effect for signal in found}
    directed = [s for s in found if s.effect in _DIRECTED]
    if evidence.FLIPPED in effects:
        impact = NEEDS_REVIEW
        shown = [s for s in found if s.effect == evidence.FLIPPED] + directed
    elif evidence.WEAKER in effects and evidence.STRONGER in effects:
        impact, shown = NEEDS_REVIEW, directed
    elif directed:
        impact = WEAKENING if directed[0].effect == evidence.WEAKER else STRENGTHENING
        shown = directed + [s for s in found if s.effect == evidence.UNREAD]
    elif evidence.UNREAD in effects:
        impact, shown = NEEDS_REVIEW, [s for s in found if s.effect == evidence.UNREAD]
    elif evidence.NEUTRAL in effects:
        impact, shown = NEUTRAL, [s for s in found if s.effect == evidence.NEUTRAL]
    else:
        impact, shown = EDITORIAL, found
    reasons = [signal.explain() for signal in shown[:_SHOWN]]
    if len(shown) > _SHOWN:
        reasons.append(f"and {len(shown) - _SHOWN} more")
    if not reasons:
        reasons = ["only punctuation changed"]
    region = shown[0].region if shown else Region(range(0), range(0))
    # A replaced word speaks for itself; an inserted or deleted one needs its neighbour.
    lead = 0 if region.a and region.b else 1
    return Judgement(
        impact,
        _excerpt(old, region.a, lead=lead),
        _excerpt(new, region.b, lead=lead),
        tuple(reasons),
    )


def _cancel_moves(found: list[Signal]) -> list[Signal]:
    """A phrase (a hedge, a time) removed in one region and added in another has moved: the
    pair becomes one neutral signal."""
    removed = Counter(s.moves for s in found if s.moves and not s.added)
    added = Counter(s.moves for s in found if s.moves and not s.removed)
    moved = removed & added
    if not moved:
        return found
    kept = []
    cancelled: dict[tuple[str, bool], int] = {}
    for signal in found:
        if signal.moves in moved and not (signal.added and signal.removed):
            side = (signal.moves, bool(signal.added))
            taken = cancelled.get(side, 0)
            if taken < moved[signal.moves]:
                cancelled[side] = taken + 1
                if signal.removed:
                    kept.append(
                        Signal(
                            evidence.NEUTRAL,
                            signal.rule,
                            "moved within the text",
                            signal.removed,
                            "",
                            signal.region,
                        )
                    )
                continue
        kept.append(signal)
    return kept


def _rewritten(found: list[Signal]) -> list[Signal]:
    """In a text rewritten as a whole (fewer than half its words kept), a clause that seems
    deleted or added may well be restated in other words: it needs review."""
    return [
        Signal(
            evidence.UNREAD,
            signal.rule,
            f"{signal.reason}, in a text rewritten as a whole",
            signal.removed,
            signal.added,
            signal.region,
        )
        if signal.rule == evidence.WORDS and signal.effect in _DIRECTED
        else signal
        for signal in found
    ]


def _moved(old: Reading, new: Reading, found: list[Signal]) -> list[Signal]:
    """Words deleted in one place and written again elsewhere were moved: the deletion (or
    addition) no longer counts as one, and the change needs review."""
    changed_a: Counter[str] = Counter()
    changed_b: Counter[str] = Counter()
    for signal in found:
        changed_a.update(old.norms[i] for i in evidence.content(old, signal.region.a))
        changed_b.update(new.norms[i] for i in evidence.content(new, signal.region.b))
    result = []
    for signal in found:
        if signal.rule == evidence.WORDS and signal.effect in _DIRECTED:
            deleted = not signal.region.b
            reading, span = (old, signal.region.a) if deleted else (new, signal.region.b)
            elsewhere = changed_b if deleted else changed_a
            words = [reading.norms[i] for i in evidence.content(reading, span)]
            if words and 2 * sum(1 for w in words if elsewhere[w]) >= len(words):
                signal = Signal(
                    evidence.UNREAD,
                    signal.rule,
                    "moved elsewhere in the text, not removed",
                    signal.removed,
                    signal.added,
                    signal.region,
                )
        result.append(signal)
    return result


def _sentences(reading: Reading) -> list[str]:
    """The sentences of a text as normal words, sorted (for texts of two or more)."""
    by_sentence: dict[int, list[str]] = {}
    for index, norm in enumerate(reading.norms):
        by_sentence.setdefault(reading.sentence[index], []).append(norm)
    if len(by_sentence) < 2:
        return ["".join(reading.norms)]
    return sorted("".join(words) for words in by_sentence.values())


def _excerpt(reading: Reading, span: range, *, lead: int) -> str:
    """The words of ``span`` with ``lead`` words before and a few after, elided with "…"."""
    if not reading.words:
        return ""
    start = max(0, span.start - lead)
    stop = min(len(reading.words), max(span.stop, span.start) + _CONTEXT)
    if stop <= start:
        return ""
    text = " ".join(reading.text[reading.words[start].start : reading.words[stop - 1].end].split())
    text = _clip(text)
    return ("…" if start > 0 else "") + text + ("…" if stop < len(reading.words) else "")


def _edges(before: str, after: str) -> tuple[str, str]:
    old, new = before.split(), after.split()
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    lead = "…" if start > 0 else ""
    return lead + _clip(" ".join(old[start:])), lead + _clip(" ".join(new[start:]))


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _LIMIT:
        return text
    half = (_LIMIT - 1) // 2
    return text[:half].rstrip() + "…" + text[len(text) - half :].lstrip()
