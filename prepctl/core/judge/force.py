"""The force ladder: how strongly a clause binds, from "must" down to "recommend".

Rungs, strongest first (a lower number binds more):

1. binding: must, shall, will, would, is required to, and the plain present tense of a policy
   ("we evaluate every model"), which states a standing practice and binds like "will";
2. committed: commit to, are committed to, ensure, undertake to;
3. intended: intend, aim, plan, expect, seek, strive, endeavour or try to, work towards;
4. advisory: should, ought to, is expected to;
5. permissive: may, might, could, "we can", need not, reserve the right to ("can" after
   anything but "we" states an ability: "the model can …");
6. recommended: "we recommend", "we encourage", "is recommended" (not a commitment of one's
   own; "the board recommends" describes what a body does).

A clause takes the rung of its weakest force word ("will aim to" is intended), except that a
binding word lifts a committed one ("will ensure" binds). A clause with no force word states a
practice in the present tense and is binding. A negated force word keeps its rung and marks a
prohibition ("must not"): it is compared with other prohibitions.
"""

from __future__ import annotations

from typing import NamedTuple

from prepctl.core.judge.lexicon import Lexicon

BINDING = 1
COMMITTED = 2
INTENDED = 3
ADVISORY = 4
PERMISSIVE = 5
RECOMMENDED = 6
PRESENT = BINDING
"""A clause without a force word states a practice: it binds like "will"."""

RUNG_NAMES = {
    BINDING: "binding",
    COMMITTED: "committed",
    INTENDED: "intended",
    ADVISORY: "advisory",
    PERMISSIVE: "permissive",
    RECOMMENDED: "recommended",
}

WEAK_FROM = INTENDED
"""The rung from which the lint rule reports a force word: an intention or weaker."""


class Force(NamedTuple):
    rung: int
    negative: bool
    suggestion: str


_EFFORT = "write 'will'"


def _entries() -> list[tuple[str, Force]]:
    entries: list[tuple[str, Force]] = []

    def add(words: str, rung: int, negative: bool = False, suggestion: str = "") -> None:
        for phrase in words.split(","):
            entries.append((phrase.strip(), Force(rung, negative, suggestion)))

    add("must, shall, will, would, need to, needs to, have to, has to", BINDING)
    add("is required to, are required to, is obligated to, are obligated to", BINDING)
    add("must not, mustn't, shall not, shan't, will not, won't, would not, wouldn't", BINDING, True)
    add("do not, does not, don't, doesn't, is not to, are not to", BINDING, True)
    add("commit to, commits to, committed to, undertake to, undertakes to", COMMITTED)
    add("pledge to, pledges to, ensure, ensures", COMMITTED)
    add(
        "intend to, intends to, aim to, aims to, plan to, plans to, expect to, expects to, "
        "expect, expects, seek to, seeks to, strive to, strives to, endeavor to, endeavors to, "
        "try to, tries to, hope to, hopes to, work towards, "
        "work toward, works towards, working towards, working toward, anticipate, "
        "anticipates, aim is to, goal is to, objective is to, intention is to, plan is to, "
        "would like to, wish to, want to, work to, works to, working to",
        INTENDED,
        suggestion=_EFFORT,
    )
    add("should, ought to, is expected to, are expected to", ADVISORY, suggestion="write 'must'")
    add("should not, shouldn't, ought not to", ADVISORY, True, "write 'must not'")
    add("may", PERMISSIVE, suggestion="write 'must' or 'will'")
    add("might, could, can", PERMISSIVE, suggestion="write 'will'")
    add(
        "may choose to, may decide to, reserve the right to, reserves the right to, "
        "is permitted to, are permitted to, need not, is not required to, "
        "are not required to, do not need to, does not need to",
        PERMISSIVE,
        suggestion="write 'will'",
    )
    add("may not", PERMISSIVE, True, "write 'must not'")
    add("might not, could not, couldn't, cannot, can't", PERMISSIVE, True, "write 'will not'")
    add(
        "recommend, recommends, is recommended, are recommended, encourage, encourages, "
        "is encouraged to, are encouraged to, suggest, suggests",
        RECOMMENDED,
        suggestion=_EFFORT,
    )
    return entries


LEXICON: Lexicon[Force] = Lexicon(_entries())

PROBLEMS = {
    INTENDED: "promises an effort, not a result",
    ADVISORY: "does not bind",
    PERMISSIVE: "does not bind",
    RECOMMENDED: "recommends instead of committing",
}


def clause_rung(rungs: list[int]) -> int:
    """The rung of a clause from the rungs of its own force words."""
    if not rungs:
        return PRESENT
    if BINDING in rungs:
        rungs = [rung for rung in rungs if rung != COMMITTED]
    return max(rungs)


def binding_alike(rung: int) -> int:
    """The rung two clauses are compared at: "commit to" and "ensure" bind like "will" (the
    corpus codebook: "We will" → "we commit to" is not a change of force), so the two top
    rungs compare equal."""
    return BINDING if rung == COMMITTED else rung


def describe(rung: int) -> str:
    return RUNG_NAMES[rung]
