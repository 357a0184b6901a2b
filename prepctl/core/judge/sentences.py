"""Sentences of a text: where each ends, whether a list item starts it, pauses and brackets.

A sentence ends at ". ! ? ; :" (not after "e.g.", "etc." or inside "..."), and at a line that
starts a list item ("- ", "* ") or after a blank line. Per word the reading records its
sentence, whether a pause (comma, bracket, dash) stands before it and whether it is inside
brackets; per sentence, the mark that ends it and whether it is a list item.
"""

from __future__ import annotations

from prepctl.core.judge.words import NUMBER, PUNCT, Token

_PAUSES = frozenset({",", "(", ")", "\u2014", "\u2013", "-"})
_ENDS = frozenset({";", "!", "?", ":"})
_LIST_ITEM = frozenset({"-", "*", "+", "#", "\u2022"})
_ABBREVIATIONS = frozenset({"etc", "vs", "no", "inc", "ltd", "co", "dr", "mr", "ms", "st"})


class Sentences:
    """The sentence layer of a reading (see :class:`prepctl.core.judge.reading.Reading`)."""

    text: str
    tokens: list[Token]
    words: list[Token]

    def _split_sentences(self) -> None:
        """Per word: its sentence, the first word after its sentence, whether a pause (comma,
        bracket, dash) stands before it, and whether it is inside brackets."""
        count = len(self.words)
        self.sentence = [0] * count
        self.pause_before = [False] * count
        self.in_brackets = [False] * count
        self.terminators: list[str] = []
        self.itemised: list[bool] = []
        number, word, depth, pause, ends, mark = 0, 0, 0, False, False, ""
        previous: Token | None = None
        last_word: Token | None = None
        for index, token in enumerate(self.tokens):
            if previous is not None and "\n" in self.text[previous.end : token.start]:
                gap = self.text[previous.end : token.start]
                if token.text in _LIST_ITEM or "\n\n" in gap.replace(" ", ""):
                    ends, mark = True, mark or "\n"
            if token.kind == PUNCT:
                if token.text in _ENDS or (
                    token.text == "." and self._ends_sentence(index, last_word)
                ):
                    ends, mark = True, token.text
                elif token.text == "(":
                    depth += 1
                elif token.text == ")":
                    depth = max(0, depth - 1)
                if token.text in _PAUSES:
                    pause = True
            else:
                if ends and word > 0:
                    number += 1
                    self.terminators.append(mark)
                if word == 0 or (ends and word > 0):
                    self.itemised.append(self._starts_item(index))
                ends, mark = False, ""
                self.sentence[word] = number
                self.pause_before[word] = pause
                self.in_brackets[word] = depth > 0
                pause = False
                last_word = token
                word += 1
            previous = token
        self.sentence_end = [0] * count
        end = count
        for index in range(count - 1, -1, -1):
            if index + 1 < count and self.sentence[index + 1] != self.sentence[index]:
                end = index + 1
            self.sentence_end[index] = end
        self.terminators.append(mark)

    def _starts_item(self, index: int) -> bool:
        """Whether the sentence starting at token ``index`` is a list item: a bullet before
        it, or a list number ("(2)", "3.", "b)") at its start."""
        if index > 0 and self.tokens[index - 1].text in _LIST_ITEM:
            return True
        token = self.tokens[index]
        label = token.kind == NUMBER or (len(token.text) == 1 and token.text.isalpha())
        following = self.tokens[index + 1].text if index + 1 < len(self.tokens) else ""
        return label and following in (")", ".")

    def _ends_sentence(self, index: int, last_word: Token | None) -> bool:
        if self.tokens[index - 1].text == "." or (
            index + 1 < len(self.tokens) and self.tokens[index + 1].text == "."
        ):
            return False  # "...": an omission, not the end of a sentence
        if last_word is not None and (
            (len(last_word.text) == 1 and last_word.text.isalpha())
            or last_word.norm in _ABBREVIATIONS
        ):
            return False  # "e.g.", "i.e.", "etc."
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        return following is None or not following.text[0].islower()

    def sentence_start(self, index: int) -> bool:
        return index == 0 or self.sentence[index - 1] != self.sentence[index]

    # Phrases ---------------------------------------------------------------------------------
