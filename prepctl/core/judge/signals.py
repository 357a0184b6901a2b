"""What one changed region does to the commitment: the signals of all the rules.

A region is compared family by family (see :mod:`prepctl.core.judge.reading`): layout and
examples, the force of the clauses it touches, hedges and conditions, timing, quantifiers,
numbers, negations and connectives, and finally the words no family explains.
"""

from __future__ import annotations

from prepctl.core.judge import force_change, phrase_changes, word_changes
from prepctl.core.judge.evidence import (
    EDITORIAL,
    Reader,
    Signal,
    families,
    letters,
    outside_whole_clauses,
    signal_for,
)
from prepctl.core.judge.reading import Reading
from prepctl.core.judge.regions import Region


def read(old: Reading, new: Reading, region: Region) -> list[Signal]:
    """The signals of one region, in a fixed order."""
    if letters(old, region.a) == letters(new, region.b):
        return [signal_for(EDITORIAL, "spelling", "same words", old, new, region)]
    found_a, found_b = families(old, region.a), families(new, region.b)
    # A clause deleted or added whole is one obligation removed or added (read with the
    # words no family explains), not a list of the hedges and quantifiers inside it.
    if not region.b:
        found_a = outside_whole_clauses(old, region.a, found_a)
    elif not region.a:
        found_b = outside_whole_clauses(new, region.b, found_b)
    reader = Reader(old, new, region, found_a, found_b)
    phrase_changes.layout(reader)
    phrase_changes.examples(reader)
    force_change.read_force(reader)
    phrase_changes.hedges(reader)
    phrase_changes.timing(reader)
    used_numbers = phrase_changes.quantifiers(reader)
    phrase_changes.numbers(reader, used_numbers)
    phrase_changes.negations(reader)
    phrase_changes.connectives(reader)
    word_changes.residue(reader)
    return reader.signals
