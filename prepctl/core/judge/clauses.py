"""Clauses of a text, which of them are conditions, and the force each one carries.

A sentence splits into clauses where a new subject or force word follows a comma or "and",
"or", "but"; a clause that opens with "if", "when", "where", "unless", "until", "so that", …
(or a sentence-opening "Should") is a condition, and the force words in it describe the world
rather than bind ("when mitigations may be required"). So does a force word right after "which",
"who" or a relative "that" ("information that could help"), or in a relative clause without
"that" ("every model it plans to release"). A list introduced by a colon takes the force of the
clause before the colon.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from prepctl.core.judge import force, hedges
from prepctl.core.judge.lexicon import FORCE, HEDGE, Mention
from prepctl.core.judge.sentences import Sentences

ForceKey = tuple[int, bool]
"""A force word's rung and whether it is negated."""

_SUBJECTS = frozenset({"we", "they", "i", "you", "he", "she", "it"})
_COORDINATORS = frozenset({"and", "or", "but", "while", "whereas", "yet"})
_SUBORDINATORS = frozenset(
    {"if", "when", "whenever", "where", "wherever", "whether", "until", "unless", "because"}
    | {"although", "though", "once", "whereby"}
)
_CONDITION_OPENERS = frozenset({"if", "when", "where", "whenever", "wherever", "unless"})
_RELATIVES = frozenset({"which", "who", "whom", "whose", "that"})
_COMPLEMENT_VERBS = frozenset(
    {"ensure", "ensures", "require", "requires", "required", "mandate", "guarantee", "verify"}
    | {"confirm", "demonstrate", "show", "believe", "determine", "decide", "agree", "state"}
    | {"so", "such", "given", "means", "is", "are", "be", "expect", "expects", "commit"}
)
_DETERMINERS = frozenset(
    {"a", "an", "the", "our", "their", "its", "this", "that", "these", "those", "such"}
    | {"each", "every", "any", "no", "my", "your", "his", "her"}
)
_PRONOUNS = frozenset({"it", "they", "he", "she", "you", "one"})
_NOT_NOUNS = frozenset(
    {"and", "or", "but", "that", "which", "if", "when", "where", "because", "so", "as", "then"}
    | {"says", "said", "states", "believes", "ensures", "ensure", "require", "requires"}
)


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    condition: bool


class Clauses(Sentences):
    """The clause layer of a reading (see :class:`prepctl.core.judge.reading.Reading`)."""

    norms: list[str]
    mentions: list[Mention]
    owner: list[int]
    sentence: list[int]
    sentence_end: list[int]
    pause_before: list[bool]
    terminators: list[str]
    itemised: list[bool]

    def _read_clauses(self) -> None:
        self.clauses: list[Clause] = []
        self.clause_of = [0] * len(self.words)
        self._split_clauses()
        self.descriptive = self._descriptive()
        self._clause_forces: list[Counter[ForceKey]] = [Counter() for _ in self.clauses]
        for number, mention in enumerate(self.mentions):
            if mention.family == FORCE and number not in self.descriptive:
                self._clause_forces[self.clause_of[mention.start]][force_key(mention)] += 1
        self._inherited = self._inherit()

    def _split_clauses(self) -> None:
        self._starts_force = {m.start for m in self.mentions if m.family == FORCE}
        self._opens_condition = {
            m.start
            for m in self.mentions
            if m.family == HEDGE
            and (m.sense == hedges.CONDITION or m.key.split()[0] in _CONDITION_OPENERS)
        }
        start, condition = 0, False
        for index in range(len(self.words)):
            new = self._clause_starting(index, condition, index - start)
            if new is not None and index > 0:
                self.clauses.append(Clause(start, index, condition))
                start = index
            if new is not None:
                condition = new
            self.clause_of[index] = len(self.clauses)
        if self.words:
            self.clauses.append(Clause(start, len(self.words), condition))

    def _clause_starting(self, index: int, condition: bool, length: int) -> bool | None:
        """Whether a clause starts at word ``index``: None if not, else whether it is a
        condition. ``condition`` and ``length`` describe the clause running so far."""
        norm = self.norms[index]
        free = self.owner[index] == -1
        previous = self.norms[index - 1] if index > 0 else ""
        opener = (
            norm in _SUBORDINATORS
            or (norm == "that" and previous in ("so", "such"))  # a purpose: "so that they can"
            or (self.words[index].text == "Should" and self.sentence_start(index))
        )
        if index in self._opens_condition or (free and opener):
            return True
        if self.sentence_start(index):
            return False
        pause = self.pause_before[index]
        following = self.norms[index + 1] if index + 1 < len(self.norms) else ""
        acts = norm in _SUBJECTS and length > 1 and index + 1 in self._starts_force
        if condition and (pause or norm == "then" or acts):
            return False  # "If the model may reach High we will …": the main clause
        if pause and (norm in _SUBJECTS or index in self._starts_force):
            return False
        if norm in _COORDINATORS and (following in _SUBJECTS or index + 1 in self._starts_force):
            return False
        return None

    def _descriptive(self) -> set[int]:
        """The force mentions that describe rather than bind."""
        found = set()
        for number, mention in enumerate(self.mentions):
            if mention.family != FORCE:
                continue
            clause = self.clauses[self.clause_of[mention.start]]
            if (
                clause.condition
                or self._after_relative(mention.start, clause.start)
                or self._reduced_relative(mention.start, clause.start)
            ):
                found.add(number)
        return found

    def _after_relative(self, at: int, clause_start: int) -> bool:
        """ "which could", "that a model might", "who may": a relative clause's own verb."""
        for gap in range(3):
            relative = at - 1 - gap
            if relative < clause_start:
                return False
            if self.owner[relative] != -1 and gap > 0:
                return False
            if self.norms[relative] not in _RELATIVES:
                continue
            if self.norms[relative] == "that" and relative > 0:
                before = self.norms[relative - 1]
                if before in _COMPLEMENT_VERBS or self.owner[relative - 1] != -1:
                    return False  # "ensure that …": the content of the obligation
            between = self.norms[relative + 1 : at]
            return len(between) <= 1 or between[0] in _DETERMINERS or between[0] in _PRONOUNS
        return False

    def _reduced_relative(self, at: int, clause_start: int) -> bool:
        """ "every model it plans to deploy": a pronoun right after a noun opens a relative
        clause without "that"."""
        pronoun = at - 1
        if pronoun - 1 < clause_start or self.norms[pronoun] not in ("it", "they"):
            return False
        noun = pronoun - 1
        return (
            self.owner[noun] == -1
            and not self.pause_before[pronoun]
            and self.norms[noun] not in _NOT_NOUNS
        )

    # Force -----------------------------------------------------------------------------------

    def _inherit(self) -> list[Counter[ForceKey]]:
        """Per sentence, the force a list item takes from the clause that introduced the list:
        "We will: (1) test the model; (2) report" binds both items with "will". A sentence
        inherits after a colon, after a semicolon that ends an inheriting sentence, and when
        it starts with a list number or bullet after such a list was introduced."""
        inherited: list[Counter[ForceKey]] = []
        last_clause = [0] * len(self.terminators)
        for number, clause in enumerate(self.clauses):
            last_clause[self.sentence[clause.start]] = number
        introduced: Counter[ForceKey] = Counter()
        for sentence in range(len(self.terminators)):
            found: Counter[ForceKey] = Counter()
            if sentence > 0:
                mark = self.terminators[sentence - 1]
                if mark == ":":
                    own = self._clause_forces[last_clause[sentence - 1]]
                    introduced = +own if own else inherited[sentence - 1]
                    found = introduced
                elif mark == ";":
                    found = inherited[sentence - 1]
                if not found and self.itemised[sentence]:
                    found = introduced
            inherited.append(found)
        return inherited

    def clause_forces(self, clause: int, *, skip: range = range(0)) -> Counter[ForceKey]:
        """The binding force words of a clause as (rung, negated) counts, leaving out those
        starting in ``skip`` (time in the length of ``skip``, not of the clause)."""
        counts = Counter(self._clause_forces[clause])
        for owner in self.force_mentions(self.within(clause, skip)):
            counts[force_key(self.mentions[owner])] -= 1
        counts = +counts
        if not counts and self.clauses:
            return Counter(self._inherited[self.sentence[self.clauses[clause].start]])
        return counts

    def within(self, clause: int, span: range) -> range:
        """The part of ``span`` inside a clause."""
        bounds = self.clauses[clause]
        return range(max(span.start, bounds.start), min(span.stop, bounds.end))

    def force_mentions(self, span: range) -> list[int]:
        """The binding force mentions that start inside ``span``."""
        found = []
        for index in span:
            owner = self.owner[index]
            if (
                owner != -1
                and self.mentions[owner].start == index
                and self.mentions[owner].family == FORCE
                and owner not in self.descriptive
            ):
                found.append(owner)
        return found

    def mentions_in(self, span: range) -> list[int]:
        """Every mention that starts inside ``span``."""
        found = []
        for index in span:
            owner = self.owner[index]
            if owner != -1 and self.mentions[owner].start == index:
                found.append(owner)
        return found


def force_key(mention: Mention) -> ForceKey:
    return int(mention.rank), mention.sense == "not"


def force_of(counts: Counter[ForceKey]) -> ForceKey:
    """The rung of a clause from its force words, and whether it prohibits."""
    keys = [key for key, count in counts.items() if count > 0]
    return force.clause_rung([rung for rung, _ in keys]), any(negated for _, negated in keys)
