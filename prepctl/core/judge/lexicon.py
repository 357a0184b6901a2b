"""Phrases found among the words of a text, and the places they take.

A :class:`Lexicon` holds phrases of one family (force words, hedges, quantifiers, …) indexed by
their first word, longest first, so that "may not" wins over "may" and matching costs a dictionary
look-up per word. A :class:`Mention` is one phrase found in one text, by word index. Each word
belongs to at most one mention: the families are searched in a fixed order and a later family
skips words an earlier one took.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Payload = TypeVar("Payload")

# The families of phrases, in the order they are searched for at each word.
EXAMPLE = "example"
TIMING = "timing"
HEDGE = "hedge"
FORCE = "force"
QUANTIFIER = "quantifier"
NUMBER = "number"
CONNECTIVE = "connective"
NEGATION = "negation"


@dataclass(frozen=True, slots=True)
class Mention:
    """A phrase of one family in one text: words ``start`` to ``end`` (exclusive).

    ``key`` is the phrase's canonical form ("as appropriate"); ``sense`` and ``rank`` are what
    its family compares: a force rung and polarity, a quantifier's kind, a period in days.
    """

    family: str
    start: int
    end: int
    key: str
    sense: str = ""
    rank: float = 0.0


class Lexicon(Generic[Payload]):
    """Phrases (space-separated lower-case words) with a payload each."""

    def __init__(self, entries: Iterable[tuple[str, Payload]]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], Payload]]] = {}
        for phrase, payload in entries:
            words = tuple(phrase.split())
            by_first.setdefault(words[0], []).append((words, payload))
        for candidates in by_first.values():
            candidates.sort(key=lambda entry: -len(entry[0]))
        self._by_first = by_first

    def match(
        self, norms: Sequence[str], at: int, *, limit: int | None = None
    ) -> tuple[int, str, Payload] | None:
        """The longest phrase starting at word ``at`` and ending before ``limit``: its end,
        its canonical text and its payload."""
        candidates = self._by_first.get(norms[at])
        if not candidates:
            return None
        stop = len(norms) if limit is None else limit
        for words, payload in candidates:
            end = at + len(words)
            if end <= stop and tuple(norms[at:end]) == words:
                return end, " ".join(words), payload
        return None

    def __contains__(self, word: str) -> bool:
        return word in self._by_first
