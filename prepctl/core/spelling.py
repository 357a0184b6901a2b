"""Did-you-mean: the known name closest to a mistyped one, found in bounded time.

Closeness is difflib's ratio, as :func:`difflib.get_close_matches` computes it, and the
suggestion is the one it would make. Two bounds keep a framework with thousands of mistakes
from taking minutes (each comparison costs tens of microseconds, and every mistake would be
compared with every known name):

- Only names whose length lets them reach the cutoff at all are compared (difflib would
  reject the others without looking at their characters), and a word longer than
  :data:`MAX_LENGTH` is no typo: it gets no suggestion.
- One :class:`Vocabulary` answers each distinct word once, and compares at most
  :data:`COMPARISONS_PER_NAME` times as many pairs as it has names in all: a few dozen
  mistakes get their suggestions as before; past that budget, the rest get none (in the order
  asked, so the same input always gets the same suggestions).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

CUTOFF = 0.6
MAX_LENGTH = 200
COMPARISONS_PER_NAME = 20
MIN_COMPARISONS = 5_000


def _could_reach(length: int, other: int, cutoff: float) -> bool:
    """difflib's ``real_quick_ratio`` test: can strings of these lengths be this close?"""
    total = length + other
    return (2.0 * min(length, other) / total if total else 1.0) >= cutoff


class Vocabulary:
    """Known names to suggest from, for many mistyped words."""

    def __init__(self, names: Iterable[str], cutoff: float = CUTOFF) -> None:
        self._cutoff = cutoff
        self._by_length: dict[int, list[str]] = {}
        for name in dict.fromkeys(names):
            self._by_length.setdefault(len(name), []).append(name)
        self._lengths = sorted(self._by_length)
        count = sum(len(group) for group in self._by_length.values())
        self._budget = max(MIN_COMPARISONS, COMPARISONS_PER_NAME * count)
        self._answers: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        """The known name closest to ``word``, if one is close enough and the budget allows."""
        if word not in self._answers:
            self._answers[word] = self._search(word)
        return self._answers[word]

    def _search(self, word: str) -> str | None:
        if len(word) > MAX_LENGTH:
            return None
        # The lengths that could reach the cutoff lie in an interval around the word's own
        # (taken a little wider here; the exact test follows).
        low = bisect.bisect_left(self._lengths, int(len(word) * self._cutoff / 2))
        high = (
            bisect.bisect_right(self._lengths, int(len(word) * 2 / self._cutoff) + 1)
            if self._cutoff > 0
            else len(self._lengths)
        )
        candidates = [
            name
            for length in self._lengths[low:high]
            if _could_reach(len(word), length, self._cutoff)
            for name in self._by_length[length]
        ]
        if len(candidates) > self._budget:
            self._budget = 0
            return None
        self._budget -= len(candidates)
        import difflib  # only a mistake needs a suggestion

        close = difflib.get_close_matches(word, candidates, n=1, cutoff=self._cutoff)
        return close[0] if close else None


def closest(word: str, names: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The one name of ``names`` closest to ``word``, if one is close."""
    return Vocabulary(names, cutoff).closest(word)
