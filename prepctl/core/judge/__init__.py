"""The prose judge: how a change to commitment text moves the obligation it states.

A commitment (``x-prepctl-text: commitment``) is read clause by clause, the way a careful
reviewer reads it: the force of each clause on a ladder (``must`` … ``may`` … ``recommend``),
the hedges and conditions that soften it, the quantifiers that set its scope, the frequencies,
deadlines and durations that time it, its numbers and negations, and the words an edit deleted
or added. :func:`judge` compares two versions of one text and explains its verdict;
:func:`weak_phrases` lists the wording of one text that binds less than ``will`` (the lint rule
``commitment-language``). Both read the same lexicon, so lint and diff never disagree. The
rules are documented for authors in ``docs/prose-judge.md``.

Everything is deterministic and runs in time linear in the texts: word alignment is bounded,
and a pair of texts too different to align within the bound needs review.
"""

from __future__ import annotations

from prepctl.core.judge.verdict import Judgement, judge
from prepctl.core.judge.weak import WeakPhrase, weak_phrases

__all__ = ["Judgement", "WeakPhrase", "judge", "weak_phrases"]
