"""The evidence one changed region gives: signals, and the reader that gathers them.

A :class:`Signal` quotes the words removed and added, says what changed, names its rule and
says which way it points. A :class:`Reader` holds one region of the two texts with the phrases
found in it, family by family; the modules ``force_change``, ``phrase_changes`` and
``word_changes`` read it and add signals. The helpers here quote words and find the words no
phrase explains.
"""

from __future__ import annotations

from dataclasses import dataclass

from prepctl.core.judge.lexicon import EXAMPLE, FORCE, Mention
from prepctl.core.judge.reading import Reading
from prepctl.core.judge.regions import Region

WEAKER = "weaker"
STRONGER = "stronger"
NEUTRAL = "neutral"
EDITORIAL = "editorial"
UNREAD = "unread"
"""A change no rule reads the direction of: it needs review."""
FLIPPED = "flipped"
"""A change that may turn the meaning around (a negation): it needs review, whatever else
points one way."""

HEDGES = "hedges and conditions"
WORDS = "deleted and added words"

QUOTE_WORDS = 12
REWRITE = 4
"""Words of its own on one side (with some on the other) that make a region a rewrite."""
_FUNCTION_TEXT = (
    "a an the of to in on at by for with from into onto upon about as than that which who whom "
    "whose this these those it its they them their we us our he she his her i you your is are "
    "was were be been being has have had do does did and or but so such there here then also "
    "both either if any"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())


@dataclass(frozen=True)
class Signal:
    effect: str
    rule: str
    reason: str
    removed: str
    added: str
    region: Region
    moves: str = ""
    """What the signal removed or added, for telling a move from a change: the same phrase
    (a hedge, a time) removed in one place and added in another cancels out."""

    def explain(self) -> str:
        if self.removed and self.added:
            quoted = f"'{self.removed}' → '{self.added}'"
        elif self.removed:
            quoted = f"'{self.removed}' removed"
        elif self.added:
            quoted = f"'{self.added}' added"
        else:
            quoted = "wording changed"
        return f"{quoted}: {self.reason} ({self.rule})"


class Reader:
    """One region of two readings being compared, and the signals found in it so far."""

    def __init__(
        self,
        old: Reading,
        new: Reading,
        region: Region,
        found_a: dict[str, list[Mention]],
        found_b: dict[str, list[Mention]],
    ) -> None:
        self.old, self.new, self.region = old, new, region
        self.a, self.b = found_a, found_b
        self.signals: list[Signal] = []

    def add(
        self,
        effect: str,
        rule: str,
        reason: str,
        removed: str = "",
        added: str = "",
        moves: str = "",
    ) -> None:
        self.signals.append(Signal(effect, rule, reason, removed, added, self.region, moves))

    def pair(self, family: str) -> tuple[list[Mention], list[Mention]]:
        return self.a.get(family, []), self.b.get(family, [])

    def said(self, reading: Reading, mentions: list[Mention]) -> str:
        return " … ".join(quote_words(reading, range(m.start, m.end)) for m in mentions)

    def quote(self, a: list[Mention], b: list[Mention]) -> tuple[str, str]:
        return self.said(self.old, a), self.said(self.new, b)

    def rewritten(self) -> bool:
        """Whether the region rewrites a passage rather than edits a few words: both sides
        hold words of their own, four or more on one side."""
        content_a = content(self.old, self.region.a)
        content_b = content(self.new, self.region.b)
        return bool(content_a and content_b) and max(len(content_a), len(content_b)) >= REWRITE


def signal_for(
    effect: str, rule: str, reason: str, old: Reading, new: Reading, region: Region
) -> Signal:
    return Signal(
        effect, rule, reason, quote_words(old, region.a), quote_words(new, region.b), region
    )


def families(reading: Reading, span: range) -> dict[str, list[Mention]]:
    found: dict[str, list[Mention]] = {}
    for number in reading.mentions_in(span):
        mention = reading.mentions[number]
        if (mention.family == FORCE and number in reading.descriptive) or (
            mention.start < reading.lead
        ):
            continue  # a modal that describes, or a word of a heading
        found.setdefault(mention.family, []).append(mention)
    return found


def outside_whole_clauses(
    reading: Reading, span: range, found: dict[str, list[Mention]]
) -> dict[str, list[Mention]]:
    whole = [reading.clauses[c] for c in whole_clauses(reading, span)]
    if not whole:
        return found
    inside = {index for clause in whole for index in range(clause.start, clause.end)}
    examples = found.get(EXAMPLE, [])  # a removed example stays an example
    for index in span:  # and whole sentences: "Where possible, we will …"
        sentence_start = index == 0 or reading.sentence[index - 1] != reading.sentence[index]
        if sentence_start and reading.sentence_end[index] <= span.stop:
            inside.update(range(index, reading.sentence_end[index]))
    kept = {
        family: [m for m in mentions if m.start not in inside] for family, mentions in found.items()
    }
    if examples:
        kept[EXAMPLE] = examples
    return kept


def letters(reading: Reading, span: range) -> str:
    return "".join(reading.norms[index] for index in span)


def lead_span(reading: Reading, span: range) -> range:
    return (
        range(span.start, min(span.stop, reading.lead)) if span.start < reading.lead else range(0)
    )


def quote_words(reading: Reading, span: range) -> str:
    """The words of ``span`` as written (spaces collapsed), shortened in the middle."""
    if not span:
        return ""
    words = [reading.words[index].text for index in span]
    if len(words) > QUOTE_WORDS:
        half = QUOTE_WORDS // 2
        words = [*words[:half], "…", *words[-half:]]
    start = reading.words[span.start].start
    end = reading.words[span.stop - 1].end
    if reading.text[end : end + 1] == "%":
        end += 1  # "99%" is one figure
    if len(span) <= QUOTE_WORDS:
        return " ".join(reading.text[start:end].split())
    return " ".join(words)


def content(reading: Reading, span: range) -> list[int]:
    """The words of ``span`` that belong to no phrase, no heading and are not function words."""
    return [
        index
        for index in span
        if reading.owner[index] == -1
        and index >= reading.lead
        and reading.norms[index] not in _FUNCTION_WORDS
    ]


def whole_clauses(reading: Reading, span: range) -> list[int]:
    """The clauses lying wholly inside ``span`` (with at least one word of content)."""
    if not span:
        return []
    found = []
    for clause in range(reading.clause_of[span.start], reading.clause_of[span.stop - 1] + 1):
        inside = reading.clauses[clause]
        if (
            inside.start >= span.start
            and inside.end <= span.stop
            and content(reading, range(inside.start, inside.end))
        ):
            found.append(clause)
    return found


def inflections(before: list[str], after: list[str]) -> bool:
    """Whether two short lists of words differ at most in the ending agreement adds
    ("evaluates" / "evaluate", "applies" / "apply")."""
    if len(before) != len(after) or len(before) > REWRITE:
        return False
    left = list(after)
    for word in before:
        match = next((other for other in left if _same_word(word, other)), None)
        if match is None:
            return False
        left.remove(match)
    return True


def _same_word(one: str, other: str) -> bool:
    short, long = sorted((one, other), key=len)
    stem = short[:-1] if short.endswith("e") else short
    return (
        long in (short, short + "s", short + "es", short + "d", short + "ed")
        or long in (stem + "ing", stem + "ed")
        or (short.endswith("y") and long == short[:-1] + "ies")
    )
