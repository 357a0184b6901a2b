"""Quantifiers: how much of something a commitment covers.

Universal quantifiers ("all", "every", "each", "any", "always") cover the whole; restrictive ones
("some", "certain", "relevant", "significant", "selected", "most", "key") pick part of it. A
commitment is narrowed when a universal quantifier is dropped or a restrictive one is added
("all models" → "relevant models"), and widened the other way; "both" counts as universal. A
number of things ("at least 200 experts") is narrower than "all" of them.
"""

from __future__ import annotations

from prepctl.core.judge.lexicon import Lexicon

UNIVERSAL = "universal"
RESTRICTIVE = "restrictive"

_PHRASES = {
    UNIVERSAL: (
        "all, all of, every, each, any, any and all, each and every, always, entire, whole, both, "
        "in all cases, without exception"
    ),
    RESTRICTIVE: (
        "some, some of, certain, relevant, significant, selected, select, particular, most, "
        "several, a few, a subset of, a number of, major, key, "
        "in some cases, in certain cases"
    ),
}

LEXICON: Lexicon[str] = Lexicon(
    (phrase.strip(), kind) for kind, phrases in _PHRASES.items() for phrase in phrases.split(",")
)
