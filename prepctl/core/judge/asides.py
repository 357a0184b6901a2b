"""Words that carry no obligation: connectives, examples, run-in headings and list numbers.

- A connective links a sentence to the one before it ("also", "however", "in addition"):
  adding or removing one is neutral.
- An example illustrates a rule without changing it (after "e.g.", "for example", "for
  instance", "such as" or "examples of", to the end of its parenthesis, or else of its
  sentence): changing an example is neutral. A list introduced by "including" defines what is
  covered and is not an example.
- A run-in heading at the very start of a text ("Supply chain: …", up to six words before a
  colon) and a list number ("2.", "(b)") are layout: adding, removing or renumbering them is
  editorial, unless the heading holds a word of force, hedge, condition, quantifier or negation
  ("Optional: …"). So is an abbreviation added or dropped in brackets after its name
  ("acceptable use policy (AUP)").
"""

from __future__ import annotations

from collections.abc import Sequence

from prepctl.core.judge.lexicon import Lexicon
from prepctl.core.judge.words import NUMBER, PUNCT, Token

_CONNECTIVES = (
    "also, additionally, furthermore, moreover, in addition, conversely, however, therefore, "
    "thus, similarly, likewise, accordingly, as such, in particular, to this end, "
    "for this reason, as noted, as described above, as described below"
)
CONNECTIVES: Lexicon[str] = Lexicon(
    (phrase.strip(), "connective") for phrase in _CONNECTIVES.split(",")
)

EXAMPLE_MARKERS: Lexicon[str] = Lexicon(
    (phrase, "example")
    for phrase in (
        "e g",
        "eg",
        "for example",
        "for instance",
        "such as",
        "examples of",
        "examples include",
        "example of",
        "an example",
    )
)

_HEADING_WORDS = 6
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def list_marker(found: Sequence[Token]) -> int:
    """How many tokens at the start of a text are a list number: "2.", "(b)", "iv)"."""
    at = 0
    if found and found[0].text == "(":
        at = 1
    if at >= len(found):
        return 0
    first = found[at]
    is_label = first.kind == NUMBER or (
        first.norm in _ROMAN or (len(first.text) == 1 and first.text.isalpha())
    )
    if not is_label or at + 1 >= len(found) or found[at + 1].text not in (".", ")"):
        return 0
    if at == 1 and found[at + 1].text != ")":
        return 0
    return at + 2


def heading(found: Sequence[Token], start: int) -> int:
    """How many tokens from ``start`` are a run-in heading and its colon ("Supply chain:")."""
    words = 0
    for index in range(start, min(len(found), start + 2 * _HEADING_WORDS + 1)):
        token = found[index]
        if token.text == ":":
            has_more = index + 1 < len(found)
            return index + 1 - start if 0 < words <= _HEADING_WORDS and has_more else 0
        if token.kind == PUNCT and token.text not in ("-", "&", "/"):
            return 0
        if token.kind != PUNCT:
            words += 1
    return 0
