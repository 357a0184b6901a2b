"""Word-level differences of two texts, for the redline's in-place marks, in bounded time."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence

from prepctl.render.marks import Word


def word_diff(before: str, after: str) -> list[Word]:
    """The words of ``before`` and ``after`` as runs kept, deleted and inserted (whitespace
    is not compared: line breaks of folded YAML prose are not changes).

    difflib finds the runs, within a budget of work that grows with the texts' length: on
    texts with many repeated words its search takes time quadratic or even cubic in the words.
    Past the budget, the words both texts start and end with are kept and everything between
    them is shown deleted, then inserted.
    """
    old, new = before.split(), after.split()
    opcodes: Sequence[tuple[str, int, int, int, int]]
    try:
        opcodes = _BoundedMatcher(old, new).get_opcodes()
    except _OverBudget:
        opcodes = _ends_kept(old, new)
    runs: list[Word] = []
    for operation, old_start, old_end, new_start, new_end in opcodes:
        if operation == "equal":
            runs.append(Word("same", " ".join(old[old_start:old_end])))
            continue
        if operation in ("delete", "replace"):
            runs.append(Word("deleted", " ".join(old[old_start:old_end])))
        if operation in ("insert", "replace"):
            runs.append(Word("inserted", " ".join(new[new_start:new_end])))
    return runs


class _OverBudget(Exception):
    pass


class _BoundedMatcher(difflib.SequenceMatcher[str]):
    """difflib's matcher (no junk heuristic), stopped once its search would pass a budget.

    Each search for the longest matching run, over ``old[lo:hi]``, visits each word there and
    each place where that word occurs in ``new``: the number of occurrences, summed over the
    range with a running total, bounds its work before it starts.
    """

    FIXED = 100_000
    PER_WORD = 20

    def __init__(self, old: list[str], new: list[str]) -> None:
        super().__init__(None, old, new, autojunk=False)
        occurrences = Counter(new)
        self._visits = [0]
        for word in old:
            self._visits.append(self._visits[-1] + 1 + occurrences[word])
        self._left = self.FIXED + self.PER_WORD * (len(old) + len(new))

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        ahi = len(self._visits) - 1 if ahi is None else ahi
        self._left -= self._visits[ahi] - self._visits[alo]
        if self._left < 0:
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def _ends_kept(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes keeping the words both lists start and end with, replacing all between."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    opcodes = [("equal", 0, start, 0, start)] if start else []
    old_end, new_end = len(old) - end, len(new) - end
    if start < old_end and start < new_end:
        opcodes.append(("replace", start, old_end, start, new_end))
    elif start < old_end:
        opcodes.append(("delete", start, old_end, start, new_end))
    elif start < new_end:
        opcodes.append(("insert", start, old_end, start, new_end))
    if end:
        opcodes.append(("equal", old_end, len(old), new_end, len(new)))
    return opcodes
