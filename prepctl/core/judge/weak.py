"""The weak wording of one commitment text, for the lint rule ``commitment-language``.

A force word the ladder places below "commit" (an intention, advice, a permission or a
recommendation: "aim to", "should", "may", "recommend") and every hedge ("where possible",
"as appropriate", "reasonable efforts", "generally") is reported. A force word the judge reads
as describing the world is not: in a condition ("if the model may reach High"), right after
"which", "who" or a relative "that" ("information that could help"), the month "May", a word in
quotation marks, or a sentence-opening "Should" ("Should a model reach High, …"). Conditions
("unless", "except") are not reported: stating a real exception is what the rule asks for.
"""

from __future__ import annotations

from typing import NamedTuple

from prepctl.core.judge import force, hedges
from prepctl.core.judge.lexicon import FORCE, HEDGE
from prepctl.core.judge.reading import Reading


class WeakPhrase(NamedTuple):
    """One weak phrase: as written, where (character offsets), what is wrong, what to write."""

    text: str
    start: int
    end: int
    problem: str
    suggestion: str


def weak_phrases(text: str) -> list[WeakPhrase]:
    """The weak phrases of ``text``, in order."""
    reading = Reading(text)
    found = []
    for number, mention in enumerate(reading.mentions):
        start = reading.words[mention.start].start
        end = reading.words[mention.end - 1].end
        if mention.family == FORCE and number not in reading.descriptive:
            rung = int(mention.rank)
            if rung < force.WEAK_FROM:
                continue
            matched = force.LEXICON.match(mention.key.split(), 0)
            suggestion = matched[2].suggestion if matched else ""
            found.append(WeakPhrase(text[start:end], start, end, force.PROBLEMS[rung], suggestion))
        elif mention.family == HEDGE and mention.sense != hedges.CONDITION:
            matched_hedge = hedges.LEXICON.match(mention.key.split(), 0)
            problem = matched_hedge[2].problem if matched_hedge else ""
            found.append(WeakPhrase(text[start:end], start, end, problem, hedges.SUGGESTION))
    return found
