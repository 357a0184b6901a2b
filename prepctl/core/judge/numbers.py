"""Numbers in words or digits, and the comparisons written before them.

"30", "1,000", "2.5", "thirty", "a hundred"; "at least", "more than", "no later than". Whether
a larger number binds more depends on what it counts (more experts, but fewer deaths), so a
changed number alone needs review; the families that know the direction (durations and
frequencies, quantifiers) read numbers through :func:`value`. A number that sets a bar (with a
comparison, a percentage, a multiple, an amount of money, or 100 and more) dropped without
another in its place leaves the commitment vaguer; a small count ("three categories") does not.
"""

from __future__ import annotations

from collections.abc import Sequence

from prepctl.core.judge.lexicon import Lexicon

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

NUMBER_WORDS = frozenset(_WORDS)

AT_LEAST = "at least"
AT_MOST = "at most"
BAR = "bar"
"""A number that sets a bar: a percentage, a multiple, an amount of money, a large number."""
COUNT = "count"
"""A small number that counts things ("three categories")."""
CURRENCIES = frozenset("$€£¥")
MULTIPLES = frozenset({"percent", "per cent", "times", "fold", "x"})

COMPARATORS: Lexicon[str] = Lexicon(
    [
        *((phrase, AT_LEAST) for phrase in ("at least", "no less than", "no fewer than")),
        *((phrase, AT_LEAST) for phrase in ("more than", "over", "above", "exceeding")),
        *((phrase, AT_LEAST) for phrase in ("a minimum of", "minimum of", "not less than")),
        *((phrase, AT_MOST) for phrase in ("at most", "no more than", "up to", "not more than")),
        *((phrase, AT_MOST) for phrase in ("less than", "fewer than", "under", "below")),
        *((phrase, AT_MOST) for phrase in ("a maximum of", "maximum of", "no later than")),
    ]
)


def value(norms: Sequence[str], at: int, kinds: Sequence[str]) -> tuple[int, float] | None:
    """The number written from word ``at`` ("30", "thirty", "a hundred", "two million"): the
    index after it and its value. ``kinds`` says which words are digit tokens."""
    word = norms[at]
    if kinds[at] == "number":
        try:
            number = float(word)
        except ValueError:
            return None
        end = at + 1
    elif word in _WORDS:
        number, end = float(_WORDS[word]), at + 1
    elif word in ("a", "an") and at + 1 < len(norms) and norms[at + 1] in _SCALES:
        number, end = float(_SCALES[norms[at + 1]]), at + 2
    else:
        return None
    # "two million", "1.5 billion": a scale word multiplies what stands before it.
    if end < len(norms) and norms[end] in _SCALES and number < 1000:
        number *= _SCALES[norms[end]]
        end += 1
    return end, number


def show(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"
