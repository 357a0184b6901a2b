"""Hedges and conditions: words that let a commitment bind less than it says.

Four kinds of hedge leave the developer free to do less: discretion ("as appropriate", "if
deemed necessary", "as necessities dictate"), feasibility ("where possible", "to the extent
practicable"), effort ("reasonable efforts") and generality ("generally", "in most cases"). A
condition names a case in which the commitment does not apply ("unless", "except",
"provided that", "subject to"). Adding either weakens a commitment; removing it strengthens it.

The lint rule reports hedges, but not conditions: stating a real exception as a condition is
what it asks authors to do.
"""

from __future__ import annotations

from typing import NamedTuple

from prepctl.core.judge.lexicon import Lexicon

DISCRETION = "discretion"
FEASIBILITY = "feasibility"
EFFORT = "effort"
GENERALITY = "generality"
CONDITION = "condition"


class Hedge(NamedTuple):
    kind: str
    problem: str


_OPTIONAL = "makes the commitment optional"
_PROMISE = "promises an effort, not a result"
_VAGUE = "leaves open when the commitment applies"

_PHRASES = {
    DISCRETION: (
        "as appropriate, where appropriate, when appropriate, if appropriate, "
        "as necessary, where necessary, when necessary, if necessary, "
        "as needed, where needed, when needed, if needed, "
        "as necessities dictate, as circumstances dictate, as circumstances require, "
        "if deemed necessary, if deemed appropriate, as deemed necessary, "
        "as deemed appropriate, where deemed necessary, where deemed appropriate, "
        "when deemed necessary, when deemed appropriate, "
        "if we determine, if we deem, if we consider, if we believe, if we decide, "
        "if we judge, if it is determined, if it is deemed, "
        "if warranted, when warranted, where warranted, as warranted, "
        "at our discretion, at our sole discretion, in our discretion, at its discretion, "
        "at their discretion, in our judgment, as we see fit, as it sees fit, "
        "as we deem fit, as we consider appropriate"
    ),
    FEASIBILITY: (
        "where possible, where feasible, where practicable, where practical, "
        "if possible, if feasible, if practicable, when possible, when feasible, "
        "when practicable, whenever possible, whenever feasible, wherever possible, "
        "to the extent possible, to the extent feasible, to the extent practicable, "
        "to the extent reasonably practicable, to the extent reasonable, "
        "as far as possible, as far as practicable, as far as reasonably practicable, "
        "as much as possible, as much as is useful, insofar as, reasonably practicable"
    ),
    EFFORT: (
        "use reasonable efforts, make reasonable efforts, use best efforts, make best efforts, "
        "use commercially reasonable efforts, commercially reasonable efforts, "
        "reasonable efforts, best efforts, reasonable endeavors, best endeavors, "
        "commercially reasonable, reasonable steps, good faith efforts, make efforts, "
        "make every effort"
    ),
    GENERALITY: (
        "generally, typically, ordinarily, usually, normally, in general, in most cases, "
        "in principle, as a rule, potentially, possibly, selectively, optionally, optional, "
        "voluntarily, voluntary, where relevant, if relevant, as relevant, when relevant, "
        "where applicable, if applicable, as applicable, when applicable"
    ),
    CONDITION: (
        "unless, except, except where, except when, except for, excluding, "
        "provided that, providing that, subject to, save where, save that, barring, "
        "on condition that, with the exception of, where required, when required, if required, "
        "as required, as required by law, where required by law, when required by law, "
        "to the extent required by law, where legally required, under applicable law, "
        "under applicable laws, applicable law, applicable laws, applicable regulations"
    ),
}

_PROBLEMS = {
    DISCRETION: _OPTIONAL,
    FEASIBILITY: _OPTIONAL,
    EFFORT: _PROMISE,
    GENERALITY: _VAGUE,
    CONDITION: "adds an exception",
}

LEXICON: Lexicon[Hedge] = Lexicon(
    (phrase.strip(), Hedge(kind, _PROBLEMS[kind]))
    for kind, phrases in _PHRASES.items()
    for phrase in phrases.split(",")
)

SUGGESTION = "drop it, or name the exact conditions under which the commitment does not apply"
