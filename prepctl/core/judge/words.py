"""Words and punctuation of a text, with the normal form the judge compares.

A word's normal form ignores what never changes meaning: letter case, the style of an apostrophe,
and spelling variants from an explicit list (:mod:`prepctl.core.judge.spelling`). Hyphens and
dashes are punctuation, so "high-priority" and "high priority" are the same two words. Numbers
are single tokens ("1,000", "2.5").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prepctl.core.judge.spelling import canonical

WORD = "word"
NUMBER = "number"
PUNCT = "punct"

# Letters (with inner apostrophes: "won't"), digit groups ("1,000", "2.5") or any other single
# character that is not a space. Every repetition consumes input, so matching stays linear.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['\u2019][^\W\d_]+)*|\S")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token: as written, where (character offsets), its normal form and its kind."""

    text: str
    start: int
    end: int
    norm: str
    kind: str

    @property
    def is_word(self) -> bool:
        return self.kind != PUNCT


def tokens(text: str) -> list[Token]:
    """Every token of ``text`` in order."""
    found = []
    for match in _TOKEN.finditer(text):
        written = match.group()
        first = written[0]
        if first.isdigit():
            kind, norm = NUMBER, _number_norm(written)
        elif first.isalpha():
            kind, norm = WORD, canonical(written.lower().translate(_APOSTROPHES))
        else:
            kind, norm = PUNCT, written
        found.append(Token(written, match.start(), match.end(), norm, kind))
    return found


def _number_norm(written: str) -> str:
    # "1,000" and "1000" are one number; a comma between digit groups of three is a separator.
    parts = written.split(",")
    if len(parts) > 1 and all(len(part) == 3 for part in parts[1:]):
        return "".join(parts)
    return written


def letters(found: list[Token]) -> str:
    """The words and numbers of a text run together: equal for two texts that differ only in
    spaces, case, punctuation, hyphenation, quotes, dashes or listed spelling variants."""
    return "".join(token.norm for token in found if token.is_word)
