"""Word changes: the words no phrase explains, deleted, added or replaced.

A whole clause deleted is an obligation removed (or, if it only permits, needs review); a list
item or conjunct deleted narrows the obligation; a whole condition deleted widens what it
governed; other words qualify something, and replaced words need review.
"""

from __future__ import annotations

from prepctl.core.judge import force
from prepctl.core.judge.evidence import (
    EDITORIAL,
    HEDGES,
    STRONGER,
    UNREAD,
    WEAKER,
    WORDS,
    Reader,
    content,
    inflections,
    quote_words,
    whole_clauses,
)
from prepctl.core.judge.reading import Reading, force_of

_COORDINATORS = frozenset({"and", "or", "plus", "including", "as"})


def residue(reader: Reader) -> None:
    """The words no family explains: deleted, added or replaced."""
    content_a = content(reader.old, reader.region.a)
    content_b = content(reader.new, reader.region.b)
    removed = quote_words(reader.old, reader.region.a)
    added = quote_words(reader.new, reader.region.b)
    abbreviation = _abbreviation(reader.old, content_a) or _abbreviation(reader.new, content_b)
    if abbreviation and not (content_a and content_b):
        reader.add(EDITORIAL, "layout", "an abbreviation in brackets", removed, added)
        return
    inflected = inflections(
        [reader.old.norms[i] for i in content_a], [reader.new.norms[i] for i in content_b]
    )
    if content_a and content_b and inflected and reader.signals:
        return  # "utilizes" → "may utilize": the verb follows its new force word
    if content_a and content_b:
        reader.add(UNREAD, "reworded", "no rule reads its direction", removed, added)
    elif content_a or content_b:
        _one_sided(reader, bool(content_a), content_a or content_b, removed, added)
    elif not reader.signals:
        reader.add(UNREAD, "reworded", "no rule reads its direction", removed, added)


def _one_sided(reader: Reader, deleted: bool, words: list[int], removed: str, added: str) -> None:
    """Words deleted (or added) with nothing in their place."""
    reading = reader.old if deleted else reader.new
    span = reader.region.a if deleted else reader.region.b
    if all(reading.clauses[reading.clause_of[i]].condition for i in words):
        _condition(reader, deleted, reading, span, removed, added)
        return
    whole = whole_clauses(reading, span)
    if whole:
        main = [c for c in whole if not reading.clauses[c].condition] or whole
        rungs = [force_of(reading.clause_forces(c))[0] for c in main]
        if min(rungs) >= force.PERMISSIVE:
            what = "a permission or recommendation"
            reason = f"{what} {'removed' if deleted else 'added'}; what it allowed needs a reader"
            reader.add(UNREAD, WORDS, reason, removed, added)
            return
        effect = WEAKER if deleted else STRONGER
        reason = "an obligation removed" if deleted else "an obligation added"
        reader.add(effect, WORDS, reason, removed, added)
        return
    if _coordinated(reading, span):
        effect = WEAKER if deleted else STRONGER
        reason = "obligation narrowed" if deleted else "obligation widened"
        reader.add(effect, WORDS, reason, removed, added)
        return
    reader.add(
        UNREAD,
        WORDS,
        "a qualifier; its direction depends on what it qualifies",
        removed,
        added,
    )


def _condition(
    reader: Reader, deleted: bool, reading: Reading, span: range, removed: str, added: str
) -> None:
    """A condition removed or added whole: the obligation (or permission) it governs now
    applies in more (or fewer) cases. Words changed inside a condition need review."""
    if any(signal.rule == HEDGES for signal in reader.signals):
        return  # "unless …": the exception is already read as one
    whole = [c for c in whole_clauses(reading, span) if reading.clauses[c].condition]
    governed = _governed_rung(reading, whole[0]) if whole else None
    if governed is None:
        reason = "words of a condition; its direction depends on what it governs"
        reader.add(UNREAD, "conditions", reason, removed, added)
        return
    permission = governed >= force.PERMISSIVE
    what = "a permission" if permission else "the obligation"
    reason = f"{what} now applies in {'more' if deleted else 'fewer'} cases"
    weaker = deleted == permission
    reader.add(WEAKER if weaker else STRONGER, "conditions", reason, removed, added)


def _governed_rung(reading: Reading, condition: int) -> int | None:
    """The rung of the clause a condition governs: the next main clause of its sentence, or
    else the one before."""
    sentence = reading.sentence[reading.clauses[condition].start]
    for step in (1, -1):
        clause = condition + step
        while 0 <= clause < len(reading.clauses):
            span = reading.clauses[clause]
            if reading.sentence[span.start] != sentence:
                break
            if not span.condition:
                return force_of(reading.clause_forces(clause))[0]
            clause += step
    return None


def _abbreviation(reading: Reading, words: list[int]) -> bool:
    """ "(AUP)": one upper-case word alone in brackets."""
    if len(words) != 1:
        return False
    word = reading.words[words[0]]
    # A few characters either side: looking further would cost time in the whole text.
    before = reading.text[max(0, word.start - 4) : word.start].rstrip()
    after = reading.text[word.end : word.end + 4].lstrip()
    return (
        word.text.isupper()
        and len(word.text) > 1
        and before.endswith("(")
        and after.startswith(")")
    )


def _coordinated(reading: Reading, span: range) -> bool:
    """Whether ``span`` is an item of a list or a conjunct: it starts or ends with "and", "or",
    "as well as", "including", or stands between commas."""
    norms = reading.norms
    if norms[span.start] in _COORDINATORS or norms[span.stop - 1] in _COORDINATORS:
        return True
    after = span.stop
    before_pause = reading.pause_before[span.start]
    after_pause = after < len(norms) and (
        reading.pause_before[after] or norms[after] in _COORDINATORS
    )
    return before_pause and after_pause
