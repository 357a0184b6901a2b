"""Negation: words that turn a statement into its opposite.

"not", "no", "never", "none", "nor", "neither", "without" and contractions ending in "n't". A
negation that appears or disappears in a changed passage flips what the passage says, and only
a reader can tell which way that moves the obligation, so the change needs review. A negated
force word ("must not", "may not") is read on the force ladder instead.
"""

from __future__ import annotations

WORDS = frozenset({"not", "no", "never", "none", "nor", "neither", "without", "cannot"})


def is_negation(norm: str) -> bool:
    return norm in WORDS or norm.endswith("n't")
