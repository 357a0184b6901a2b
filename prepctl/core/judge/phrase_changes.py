"""Phrase changes: layout, examples, hedges and conditions, timing, quantifiers, numbers,
negations and connectives, each family compared between the two sides of a region."""

from __future__ import annotations

from collections import Counter

from prepctl.core.judge import hedges as hedge_words
from prepctl.core.judge import numbers as number_words
from prepctl.core.judge import quantifiers as quantifier_words
from prepctl.core.judge import timing as timing_words
from prepctl.core.judge.evidence import (
    EDITORIAL,
    FLIPPED,
    HEDGES,
    NEUTRAL,
    STRONGER,
    UNREAD,
    WEAKER,
    Reader,
    content,
    lead_span,
    letters,
    quote_words,
)
from prepctl.core.judge.lexicon import (
    CONNECTIVE,
    EXAMPLE,
    HEDGE,
    NEGATION,
    NUMBER,
    QUANTIFIER,
    TIMING,
    Mention,
)
from prepctl.core.judge.reading import Reading

_HEDGE_ADDED = {False: "a hedge added", True: "an exception added"}
_HEDGE_REMOVED = {False: "a hedge removed", True: "an exception removed"}


def layout(reader: Reader) -> None:
    a = lead_span(reader.old, reader.region.a)
    b = lead_span(reader.new, reader.region.b)
    if (a or b) and letters(reader.old, a) != letters(reader.new, b):
        reader.add(
            EDITORIAL,
            "layout",
            "a heading or list number",
            quote_words(reader.old, a),
            quote_words(reader.new, b),
        )


def examples(reader: Reader) -> None:
    a, b = reader.pair(EXAMPLE)
    if [m.key for m in a] != [m.key for m in b] or _texts(reader, a, b):
        reader.add(NEUTRAL, "examples", "examples do not bind", *reader.quote(a, b))


def _texts(reader: Reader, a: list[Mention], b: list[Mention]) -> bool:
    return reader.said(reader.old, a).lower() != reader.said(reader.new, b).lower()


def hedges(reader: Reader) -> None:
    a, b = reader.pair(HEDGE)
    extra_a = Counter(m.key for m in a) - Counter(m.key for m in b)
    extra_b = Counter(m.key for m in b) - Counter(m.key for m in a)
    if extra_a and extra_b and extra_a.total() == extra_b.total():
        removed = [m for m in a if m.key in extra_a]
        added = [m for m in b if m.key in extra_b]
        reason = "one hedge or condition in place of another"
        reader.add(NEUTRAL, HEDGES, reason, *reader.quote(removed, added))
        return
    for mention in b:
        if extra_b[mention.key] > 0:
            extra_b[mention.key] -= 1
            what = _HEDGE_ADDED[mention.sense == hedge_words.CONDITION]
            said = _hedge(reader, reader.new, reader.region.b, mention)
            reader.add(WEAKER, HEDGES, what, "", said, mention.key)
    for mention in a:
        if extra_a[mention.key] > 0:
            extra_a[mention.key] -= 1
            what = _HEDGE_REMOVED[mention.sense == hedge_words.CONDITION]
            said = _hedge(reader, reader.old, reader.region.a, mention)
            reader.add(STRONGER, HEDGES, what, said, "", mention.key)


def _hedge(reader: Reader, reading: Reading, span: range, mention: Mention) -> str:
    """A hedge as quoted: an exception with the rest of its clause ("unless the board
    objects"), any other hedge alone."""
    if mention.sense != hedge_words.CONDITION:
        return reader.said(reading, [mention])
    clause = reading.clauses[reading.clause_of[mention.start]]
    stop = max(mention.end, min(clause.end, span.stop))
    return quote_words(reading, range(mention.start, stop))


def timing(reader: Reader) -> None:
    a, b = reader.pair(TIMING)
    replaced = content(reader.old, reader.region.a) and content(reader.new, reader.region.b)
    if replaced:  # a vague word moves with the verb it qualifies, and the verb changed
        vague = (timing_words.VAGUE_INTERVAL, timing_words.VAGUE_DEADLINE)
        if all(m.sense in vague for m in [*a, *b]) and (a or b):
            reason = "vague timing within reworded words"
            reader.add(UNREAD, "timing", reason, *reader.quote(a, b))
            return
    for before, after in zip(a, b, strict=False):
        if before.key != after.key:
            _timing_change(reader, before, after)
    for mention in a[len(b) :]:
        said = reader.said(reader.old, [mention])
        reader.add(WEAKER, "timing", "no longer timed", said, "", _time_key(mention))
    for mention in b[len(a) :]:
        said = reader.said(reader.new, [mention])
        reader.add(STRONGER, "timing", "now timed", "", said, _time_key(mention))


def _timing_change(reader: Reader, before: Mention, after: Mention) -> None:
    quote = (reader.said(reader.old, [before]), reader.said(reader.new, [after]))
    vague = {
        timing_words.VAGUE_INTERVAL: timing_words.INTERVAL,
        timing_words.VAGUE_DEADLINE: timing_words.DEADLINE,
    }
    if before.sense == after.sense and before.sense in vague:
        if before.rank != after.rank:
            later = after.rank > before.rank
            reason = "less often" if before.sense == timing_words.VAGUE_INTERVAL else "less urgent"
            if not later:
                reason = (
                    "more often" if before.sense == timing_words.VAGUE_INTERVAL else "more urgent"
                )
            reader.add(WEAKER if later else STRONGER, "timing", reason, *quote)
        return
    if vague.get(after.sense) == before.sense:
        reader.add(WEAKER, "timing", "a precise time made vague", *quote)
        return
    if vague.get(before.sense) == after.sense:
        reader.add(STRONGER, "timing", "a vague time made precise", *quote)
        return
    if before.sense == timing_words.PERIOD == after.sense:
        reason = "a span whose direction depends on the sentence"
        reader.add(UNREAD, "timing", reason, *quote)
        return
    if before.sense != after.sense:
        reader.add(UNREAD, "timing", "a different kind of time", *quote)
        return
    if before.rank == after.rank:
        reader.add(NEUTRAL, "timing", "the same time", *quote)
        return
    longer = after.rank > before.rank
    weaker = longer == (before.sense in timing_words.SHORTER_IS_STRICTER)
    span = f"{timing_words.describe_days(before.rank)} → {timing_words.describe_days(after.rank)}"
    reason = {
        timing_words.INTERVAL: ("less frequent", "more frequent"),
        timing_words.DEADLINE: ("a later deadline", "an earlier deadline"),
        timing_words.MAXIMUM: ("a longer limit", "a shorter limit"),
        timing_words.MINIMUM: ("a shorter duration", "a longer duration"),
    }[before.sense][0 if weaker else 1]
    reader.add(WEAKER if weaker else STRONGER, "timing", f"{reason}, {span}", *quote)


def quantifiers(reader: Reader) -> bool:
    """Compare quantifiers; True when the numbers were read here (a number against
    "all")."""
    a, b = reader.pair(QUANTIFIER)
    universal_a = sum(m.sense == quantifier_words.UNIVERSAL for m in a)
    universal_b = sum(m.sense == quantifier_words.UNIVERSAL for m in b)
    restrictive_a = sum(m.sense == quantifier_words.RESTRICTIVE for m in a)
    restrictive_b = sum(m.sense == quantifier_words.RESTRICTIVE for m in b)
    numbers_a, numbers_b = reader.pair(NUMBER)
    used_numbers = False
    if numbers_a and not numbers_b and universal_b > universal_a:
        restrictive_a += 1
        a = [*a, *numbers_a]
        used_numbers = True
    elif numbers_b and not numbers_a and universal_a > universal_b:
        restrictive_b += 1
        b = [*b, *numbers_b]
        used_numbers = True
    narrowed = universal_a > universal_b or restrictive_b > restrictive_a
    widened = universal_b > universal_a or restrictive_a > restrictive_b
    removed, added = reader.said(reader.old, a), reader.said(reader.new, b)
    replaced = (not a and content(reader.old, reader.region.a)) or (
        not b and content(reader.new, reader.region.b)
    )
    if (narrowed or widened) and (reader.rewritten() or replaced):
        reason = "a quantifier replaced or rewritten: what it bounds needs a reader"
        reader.add(UNREAD, "quantifiers", reason, removed, added)
    elif narrowed and not widened:
        reader.add(WEAKER, "quantifiers", "scope narrowed", removed, added)
    elif widened and not narrowed:
        reader.add(STRONGER, "quantifiers", "scope widened", removed, added)
    elif narrowed and widened:
        reader.add(UNREAD, "quantifiers", "scope changed both ways", removed, added)
    return used_numbers


def numbers(reader: Reader, read_already: bool) -> None:
    a, b = reader.pair(NUMBER)
    if read_already or [(m.sense, m.rank) for m in a] == [(m.sense, m.rank) for m in b]:
        return
    quote = reader.quote(a, b)
    bars = all(m.sense != number_words.COUNT for m in [*a, *b])
    if not bars:
        reason = "a count changed; it needs a reader"
        reader.add(UNREAD, "numbers", reason, *quote)
    elif a and not b:
        reader.add(WEAKER, "numbers", "a precise figure dropped: the commitment is vaguer", *quote)
    elif b and not a:
        reader.add(STRONGER, "numbers", "a precise figure added: the commitment is sharper", *quote)
    else:
        reason = "a number changed; whether more binds more depends on what it counts"
        reader.add(UNREAD, "numbers", reason, *quote)


def negations(reader: Reader) -> None:
    a, b = reader.pair(NEGATION)
    if len(a) == len(b):
        return
    if reader.rewritten():
        reason = "a negation within rewritten words"
        reader.add(UNREAD, "negation", reason, *reader.quote(a, b))
    else:
        reader.add(FLIPPED, "negation", "a negation flipped", *reader.quote(a, b))


def connectives(reader: Reader) -> None:
    a, b = reader.pair(CONNECTIVE)
    if [m.key for m in a] != [m.key for m in b]:
        reader.add(
            NEUTRAL, "connectives", "a connective carries no obligation", *reader.quote(a, b)
        )


def _time_key(mention: Mention) -> str:
    return f"{mention.sense} {mention.rank:.1f}"
