"""Force changes: the ladder rung of each clause a region touches, before and after.

Only the region's own edit is applied to the old clause ("will" → "may" in one clause and
"may" → "will" in another are two changes, not none). A force word on one side only is read
against the present tense when nothing else changed ("will allow" → "allow"); a passage deleted
or added with its force word is read as words, and one rewritten needs review.
"""

from __future__ import annotations

from prepctl.core.judge import force
from prepctl.core.judge.evidence import (
    FLIPPED,
    NEUTRAL,
    STRONGER,
    UNREAD,
    WEAKER,
    Reader,
    content,
    inflections,
    quote_words,
    whole_clauses,
)
from prepctl.core.judge.lexicon import FORCE
from prepctl.core.judge.reading import ForceKey, force_key, force_of


def read_force(reader: Reader) -> None:
    """The force of each clause the region changes, before and after this edit alone."""
    old, new, region = reader.old, reader.new, reader.region
    mentions_a = [
        i for i in old.force_mentions(region.a) if old.mentions[i] in reader.a.get(FORCE, [])
    ]
    mentions_b = [
        i for i in new.force_mentions(region.b) if new.mentions[i] in reader.b.get(FORCE, [])
    ]
    if not mentions_a and not mentions_b:
        _descriptive_force(reader)
        return
    if mentions_a and mentions_b:
        said_a = reader.said(old, [old.mentions[i] for i in mentions_a])
        said_b = reader.said(new, [new.mentions[i] for i in mentions_b])
    else:  # "will allow" → "allow", "utilizes" → "may utilize": quote the verb too
        said_a, said_b = _with_next_word(reader)
    pairs: list[tuple[int, int]] = []
    if region.a.start > 0 and region.b.start > 0:
        pairs.append((old.clause_of[region.a.start - 1], new.clause_of[region.b.start - 1]))
    if region.a.stop < len(old.words) and region.b.stop < len(new.words):
        pair = (old.clause_of[region.a.stop], new.clause_of[region.b.stop])
        if pair not in pairs:
            pairs.append(pair)
    if not (mentions_a and mentions_b):
        # A force word on one side only: the other side's present tense is inferred, which
        # holds when nothing else changed ("will allow" → "allow", "utilizes" → "may
        # utilize"). With other words changed too, the clause itself was rewritten.
        words_a = [old.norms[i] for i in content(old, region.a)]
        words_b = [new.norms[i] for i in content(new, region.b)]
        if reader.rewritten():
            reason = "a force word within rewritten words"
            reader.add(UNREAD, "force ladder", reason, said_a, said_b)
            return
        if bool(words_a) != bool(words_b) and not inflections(words_a, words_b):
            return  # a passage deleted or added with its force word: read as words
    for clause_a, clause_b in pairs:
        before = old.clause_forces(clause_a)
        edited = old.clause_forces(clause_a, skip=region.a)
        for owner in new.force_mentions(new.within(clause_b, region.b)):
            edited[force_key(new.mentions[owner])] += 1
        if _compared(force_of(before)) != _compared(force_of(edited)):
            _force_change(reader, force_of(before), force_of(edited), said_a, said_b)
            return
    whole_a = whole_clauses(old, region.a)
    whole_b = whole_clauses(new, region.b)
    if whole_a and whole_b:
        before_rungs = [_compared(force_of(old.clause_forces(c)))[0] for c in whole_a]
        after_rungs = [_compared(force_of(new.clause_forces(c)))[0] for c in whole_b]
        weaker = max(after_rungs) > max(before_rungs) and min(after_rungs) >= min(before_rungs)
        stronger = max(after_rungs) < max(before_rungs) and min(after_rungs) <= min(before_rungs)
        if weaker or stronger:
            _force_change(
                reader, (max(before_rungs), False), (max(after_rungs), False), said_a, said_b
            )
            return
    if said_a.lower() != said_b.lower() and pairs:
        reason = "same force"
        if not (mentions_a and mentions_b):
            reason = "same force: the present tense binds like 'will'"
        reader.add(NEUTRAL, "force ladder", reason, said_a, said_b)


def _descriptive_force(reader: Reader) -> None:
    """A modal in a condition or a relative clause ("if the model could …") describes the
    world, not the duty: changing it is neutral."""
    old, new = reader.old, reader.new
    a = [old.mentions[i] for i in old.mentions_in(reader.region.a) if i in old.descriptive]
    b = [new.mentions[i] for i in new.mentions_in(reader.region.b) if i in new.descriptive]
    if [m.key for m in a] != [m.key for m in b]:
        reason = "a modal that describes the world, not the duty"
        reader.add(NEUTRAL, "force ladder", reason, *reader.quote(a, b))


def _with_next_word(reader: Reader) -> tuple[str, str]:
    """The region's words on each side, with the word after it when a side is empty."""
    a, b = reader.region.a, reader.region.b
    if not a or not b:
        before = 1 if a.start > 0 and b.start > 0 else 0
        after = 1 if a.stop < len(reader.old.words) and b.stop < len(reader.new.words) else 0
        a = range(a.start - before, a.stop + after)
        b = range(b.start - before, b.stop + after)
    return quote_words(reader.old, a), quote_words(reader.new, b)


def _force_change(
    reader: Reader, before: tuple[int, bool], after: tuple[int, bool], said_a: str, said_b: str
) -> None:
    (rung_a, negative_a), (rung_b, negative_b) = before, after
    removed, added = said_a, said_b
    if negative_a != negative_b:
        if negative_a and rung_a <= force.COMMITTED and rung_b >= force.PERMISSIVE:
            reader.add(WEAKER, "force ladder", "a prohibition became a permission", removed, added)
        elif negative_b and rung_b <= force.COMMITTED and rung_a >= force.PERMISSIVE:
            reader.add(
                STRONGER, "force ladder", "a permission became a prohibition", removed, added
            )
        else:
            reader.add(FLIPPED, "negation", "the obligation turned around", removed, added)
        return
    if force.binding_alike(rung_a) == force.binding_alike(rung_b):
        return
    change = "lowered" if rung_b > rung_a else "raised"
    reason = f"force {change} from {force.describe(rung_a)} to {force.describe(rung_b)}"
    reader.add(WEAKER if rung_b > rung_a else STRONGER, "force ladder", reason, removed, added)


def _compared(key: ForceKey) -> ForceKey:
    return force.binding_alike(key[0]), key[1]
