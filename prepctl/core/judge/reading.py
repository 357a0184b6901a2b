"""How the judge reads one text: its words, sentences, clauses and the phrases that matter.

Phrases are found family by family at each word, in a fixed order (examples, timing, hedges and
conditions, force, quantifiers, numbers, connectives, negation); each word belongs to at most
one phrase. A force word is read as one unless it is the month ("1 May"), a quotation
('should'), a purpose ("to ensure"), a noun ("a response plan to"), "can" after anything but
"we" (an ability) or "recommends" after a body, or a sentence-opening "Should". Sentences and
clauses are read by :mod:`prepctl.core.judge.sentences` and :mod:`prepctl.core.judge.clauses`.
"""

from __future__ import annotations

from prepctl.core.judge import asides, force, hedges, numbers, quantifiers, timing
from prepctl.core.judge.clauses import Clause, Clauses, ForceKey, force_key, force_of
from prepctl.core.judge.lexicon import (
    CONNECTIVE,
    EXAMPLE,
    FORCE,
    HEDGE,
    NEGATION,
    QUANTIFIER,
    Mention,
)
from prepctl.core.judge.lexicon import NUMBER as NUMBER_FAMILY
from prepctl.core.judge.negation import is_negation
from prepctl.core.judge.words import NUMBER, Token, tokens

__all__ = ["Clause", "ForceKey", "Reading", "force_key", "force_of"]

_DETERMINERS = frozenset(
    {"a", "an", "the", "our", "their", "its", "this", "that", "these", "those", "such"}
    | {"each", "every", "any", "no", "my", "your", "his", "her"}
)
_ACTORS = frozenset({"we"})
_ACTOR_ONLY = frozenset(
    {"can", "cannot", "can't", "recommend", "recommends", "encourage", "encourages"}
    | {"suggest", "suggests"}
)
_QUOTES = frozenset("'\"`\u2018\u2019\u201c\u201d")


class Reading(Clauses):
    """One text, read: ``words`` are its word and number tokens; indices below are into it."""

    def __init__(self, text: str, found: list[Token] | None = None) -> None:
        self.text = text
        self.tokens = tokens(text) if found is None else found
        self.words = [token for token in self.tokens if token.is_word]
        self.norms = [token.norm for token in self.words]
        self._kinds = [token.kind for token in self.words]
        self._split_sentences()
        self.mentions = []
        self.owner = [-1] * len(self.words)
        self._find_mentions()
        self.lead = self._lead()
        self._read_clauses()

    def _find_mentions(self) -> None:
        at = 0
        while at < len(self.words):
            found = self._mention_at(at)
            if found is None:
                at += 1
                continue
            for index in range(found.start, found.end):
                self.owner[index] = len(self.mentions)
            self.mentions.append(found)
            at = found.end

    def _mention_at(self, at: int) -> Mention | None:
        norms, limit = self.norms, self.sentence_end[at]
        marker = asides.EXAMPLE_MARKERS.match(norms, at, limit=limit)
        if marker is not None:
            return Mention(EXAMPLE, at, self._example_end(at, limit), marker[1])
        found = timing.find(norms, self._kinds, at, limit)
        if found is not None:
            return found
        hedge = hedges.LEXICON.match(norms, at, limit=limit)
        if hedge is not None:
            return Mention(HEDGE, at, hedge[0], hedge[1], hedge[2].kind)
        modal = force.LEXICON.match(norms, at, limit=limit)
        if modal is not None and self._binds(at, modal[0], modal[1]):
            end, key, (rung, negative, _) = modal
            return Mention(FORCE, at, end, key, "not" if negative else "", rung)
        scope = quantifiers.LEXICON.match(norms, at, limit=limit)
        if scope is not None:
            return Mention(QUANTIFIER, at, scope[0], scope[1], scope[2])
        number = self._number(at, limit)
        if number is not None:
            return number
        link = asides.CONNECTIVES.match(norms, at, limit=limit)
        if link is not None:
            return Mention(CONNECTIVE, at, link[0], link[1])
        if is_negation(norms[at]):
            return Mention(NEGATION, at, at + 1, norms[at])
        return None

    def _example_end(self, at: int, limit: int) -> int:
        """An example runs to the end of its brackets, or else of its sentence (and of the
        list its sentence introduces with a colon)."""
        if not self.in_brackets[at]:
            while limit < len(self.words) and self.terminators[self.sentence[limit - 1]] == ":":
                limit = self.sentence_end[limit]
            return limit
        end = at + 1
        while end < limit and self.in_brackets[end] and not self._closes_before(end):
            end += 1
        return end

    def _closes_before(self, index: int) -> bool:
        """Whether a closing bracket stands between word ``index - 1`` and word ``index``."""
        before, after = self.words[index - 1], self.words[index]
        return ")" in self.text[before.end : after.start]

    def _binds(self, at: int, end: int, key: str) -> bool:
        """Whether the force phrase at ``at`` is used as one (not a month, a quotation, a
        noun, a purpose, or a sentence-opening "Should", which states a condition)."""
        word = self.words[at]
        previous = self.norms[at - 1] if at > 0 else ""
        if word.text == "May" and (self._next_to_number(at, 1) or self._next_to_number(at, -1)):
            return False  # the month: "1 May", "May 2027"
        start, stop = word.start, self.words[end - 1].end
        quoted = start > 0 and stop < len(self.text) and self.text[start - 1] in _QUOTES
        if quoted and self.text[stop] in _QUOTES:
            return False  # mentioned, not used: 'should'
        if word.text == "Should" and self.sentence_start(at):
            return False
        if key in _ACTOR_ONLY and previous not in _ACTORS:
            return False  # an ability or a body's act: "the model can …", "the board recommends"
        if key in ("ensure", "ensures") and previous in ("to", "that"):
            return False  # a purpose: "tested to ensure that …"
        # "a response plan to …" is a noun, not an intention.
        words = key.split()
        return not (
            len(words) > 1 and words[1] in ("to", "towards", "toward") and previous in _DETERMINERS
        )

    def _next_to_number(self, at: int, step: int) -> bool:
        """Whether a number stands right before (-1) or after (1) word ``at``, with only a
        space or a comma between ("1 May", "May 2027", "May 1, 2027")."""
        other = at + step
        if not 0 <= other < len(self.words) or self._kinds[other] != NUMBER:
            return False
        first, second = sorted((self.words[at], self.words[other]), key=lambda t: t.start)
        return self.text[first.end : second.start].strip() in ("", ",")

    def _number(self, at: int, limit: int) -> Mention | None:
        start = at
        comparator = numbers.COMPARATORS.match(self.norms, at, limit=limit)
        sense = ""
        if comparator is not None:
            at, _, sense = comparator
            if at >= limit:
                return None
        if self.norms[at] in ("one", "a", "an"):
            return None
        written = numbers.value(self.norms, at, self._kinds)
        if written is None or written[0] > limit or self._label(at):
            return None
        end, value = written
        if not sense and self._sets_a_bar(at, end, value):
            sense = numbers.BAR
        key = " ".join(self.norms[start:end])
        return Mention(NUMBER_FAMILY, start, end, key, sense or numbers.COUNT, value)

    def _sets_a_bar(self, at: int, end: int, value: float) -> bool:
        """A percentage, a multiple, an amount of money or a large number sets a bar; a small
        count ("three categories") only counts things."""
        first, last = self.words[at], self.words[end - 1]
        before = self.text[first.start - 1] if first.start > 0 else ""
        after = self.text[last.end : last.end + 1]
        following = self.norms[end] if end < len(self.norms) else ""
        return (
            value >= 100
            or before in numbers.CURRENCIES
            or after in ("%", "x", "\u00d7")
            or following in numbers.MULTIPLES
        )

    def _lead(self) -> int:
        """How many words at the start are layout: a list number and a run-in heading."""
        marker = asides.list_marker(self.tokens)
        label = asides.heading(self.tokens, marker)
        marker_words = sum(token.is_word for token in self.tokens[:marker])
        label_words = sum(token.is_word for token in self.tokens[marker : marker + label])
        for index in range(marker_words, marker_words + label_words):
            owner = self.owner[index]
            if owner != -1 and self.mentions[owner].family in (FORCE, HEDGE, NEGATION):
                label_words = 0  # "Optional: …" is not a heading but a hedge
                break
        return marker_words + label_words

    def _label(self, at: int) -> bool:
        """Whether the digits at word ``at`` name something rather than count it: part of a
        name ("ASL-3", "NIST 800-171", "ASF 2.0", "Level 3"), a footnote mark ("model19") or
        a list number ("(2)", "3.")."""
        word = self.words[at]
        if word.kind != NUMBER:
            return False
        text = self.text
        before = text[word.start - 1] if word.start > 0 else " "
        after = text[word.end] if word.end < len(text) else " "
        if before.isalpha() or before in "-\u2013/." or after == "-":
            return True
        previous = self.words[at - 1] if at > 0 else None
        if previous is not None and not self.sentence_start(at) and previous.text[0].isupper():
            return True
        opens = before == "(" or self.sentence_start(at) or self.pause_before[at]
        return opens and after in ").:"

    # Clauses ---------------------------------------------------------------------------------
