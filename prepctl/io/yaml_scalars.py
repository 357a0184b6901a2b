"""What a YAML scalar means: the YAML 1.2 core schema, with prepctl's refusals.

A plain (unquoted, untagged) scalar resolves as the core schema says: ``null``, ``~`` and
nothing are null, ``true``/``false`` (in three spellings) are booleans, decimal, ``0o`` octal
and ``0x`` hexadecimal whole numbers are integers, and decimal fractions and exponents are
floats; everything else is text (``on``, ``no`` and ``yes``, dates and times among it). A
quoted or block scalar is text. A ``!!str``, ``!!int``, ``!!float``, ``!!bool`` or ``!!null``
tag must agree with what the value reads as; no other tag is allowed.

Refused, each with a message for the person who edits the file: number-like text that other
YAML readers take differently (digit separators, binary, signed hexadecimal or octal,
``.5e3``), integers beyond 64 bits, infinities and NaN.
"""

from __future__ import annotations

import math
import re
from typing import Any

CORE = "tag:yaml.org,2002:"
MAX_INT = 2**63 - 1
MIN_INT = -(2**63)

_NULL = re.compile(r"^(?:~|null|Null|NULL|)\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_RESOLVED_STARTS = frozenset("0123456789+-.~nNtTfF")
"""Every first character with which a plain scalar can be other than text, or refused as
ambiguous: digits, signs and '.' (numbers), '~' and 'n' (null), 't' and 'f' (booleans)."""
_WORD_STARTS = frozenset("~nNtTfF")
"""The first characters of :data:`_RESOLVED_STARTS` with which a scalar can only be null or a
boolean, never a number nor ambiguous."""

# Number-like text that YAML 1.2 and the YAML 1.1 habits of other readers (ruamel.yaml, behind
# `fmt`, among them) take differently: digit separators, binary, signed hex or octal, and '.5e3'.
# Refusing it means lint, diff and fmt can never disagree about a value. Every pattern here
# moves along the text once: no starred class is followed by another that can match the same
# characters, so a long run of digits and '_' that ends in something else fails in one pass.
_SEPARATED = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|[0-9]*\.[0-9_]*)(?:[eE][-+]?[0-9]+)?$"
)
"""A decimal number with '_' in it (:func:`ambiguous_number` checks that it has one): '_' in
the whole part after its first digit, or in the fraction."""
_AMBIGUOUS = re.compile(
    r"^[-+]?0b[01_]+$"
    r"|^[-+]0x[0-9a-fA-F_]+$|^[-+]0o[0-7_]+$"
    r"|^[-+]?\.[0-9]+[eE][-+]?[0-9]+$"
)
_MOST_DIGITS = {10: len(str(MAX_INT)), 8: len(f"{MAX_INT:o}"), 16: len(f"{MAX_INT:x}")}
"""Digits (after leading zeros) of the largest whole number allowed, in each base: longer text
is refused before Python is asked to convert it (it refuses over 4,300 decimal digits)."""
_WHAT_TAG_NEEDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "null or nothing",
}


class Refused(Exception):
    """A scalar prepctl does not read; ``problem`` says why, for the file's author."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def ambiguous_number(value: str) -> bool:
    """Whether plain text is a number to some YAML readers and text to others."""
    return bool(("_" in value and _SEPARATED.match(value)) or _AMBIGUOUS.match(value))


def quoted(value: str) -> str:
    """A value for a message: whole when short, else its start and its length, so that a
    refused 5,000-digit number is not echoed in full."""
    if len(value) <= 40:
        return f"'{value}'"
    return f"'{value[:40]}…' ({len(value):,} characters)"


def tag_not_allowed(tag: str) -> str:
    """The problem with a tag other than the core schema's own."""
    shown = "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag
    return (
        f"tag '{shown}' is not allowed; framework files hold only text, numbers, "
        "true/false, lists and mappings, so remove the tag"
    )


def tagged(value: str, tag: str, plain: bool) -> Any:
    """The value of a scalar written with ``tag`` (``plain``: without quotes or a block)."""
    if tag == "!" and plain:
        # ruamel.yaml ignores '!' on a plain scalar and reads '! 5' as a number; YAML 1.2
        # makes it text. Refused, like every other form the two readers disagree on.
        raise Refused(
            "the tag '!' is not allowed here; put the value in quotes if it is meant as text"
        )
    if tag == "!":
        return value  # quoted or a block: the non-specific tag '!' makes it text
    if not tag.startswith(CORE):
        raise Refused(tag_not_allowed(tag))
    kind = tag[len(CORE) :]
    if kind == "str":
        return value
    if kind in _WHAT_TAG_NEEDS:
        resolved = resolve(value)
        type_ok = {
            "int": isinstance(resolved, int) and not isinstance(resolved, bool),
            "float": isinstance(resolved, (int, float)) and not isinstance(resolved, bool),
            "bool": isinstance(resolved, bool),
            "null": resolved is None,
        }[kind]
        if not type_ok:
            raise Refused(
                f"{quoted(value)} is not {_WHAT_TAG_NEEDS[kind]}, as the tag '!!{kind}' requires"
            )
        return float(resolved) if kind == "float" else resolved
    raise Refused(tag_not_allowed(tag))


def resolve(value: str) -> Any:
    """The value of a plain scalar by the core schema."""
    if not value:
        return None
    first = value[0]
    if first not in _RESOLVED_STARTS:
        return value  # most plain scalars are words: no pattern below can match them
    if first in _WORD_STARTS:  # only null, true and false start so
        if value in _BOOL:
            return _BOOL[value]
        return None if _NULL.match(value) else value
    if ambiguous_number(value):
        raise Refused(
            f"{quoted(value)} reads as a number to some YAML tools and as text to others; "
            "write a plain number such as 1000 or 0.5, or put it in quotes"
        )
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    base = 10 if _INT10.match(value) else 8 if _INT8.match(value) else 16
    if base != 16 or _INT16.match(value):
        digits = value.lstrip("+-") if base == 10 else value[2:]
        digits = digits.lstrip("0") or "0"
        number = 0 if len(digits) > _MOST_DIGITS[base] else int(digits, base)
        if value.startswith("-"):
            number = -number
        if len(digits) > _MOST_DIGITS[base] or not MIN_INT <= number <= MAX_INT:
            raise Refused(
                f"{quoted(value)} is too large a whole number (the limit is about 9.2 "
                "quintillion either side of zero); put it in quotes if it is meant as text"
            )
        return number
    if _INF.match(value):
        raise Refused(
            f"{quoted(value)} means infinity, which a framework cannot hold; write a number, "
            "or put it in quotes if it is meant as text"
        )
    if _NAN.match(value):
        raise Refused(
            f"{quoted(value)} means not-a-number, which a framework cannot hold; write a "
            "number, "
            "or put it in quotes if it is meant as text"
        )
    if _FLOAT.match(value):
        result = float(value)
        if math.isinf(result):
            raise Refused(
                f"{quoted(value)} is too large a number; put it in quotes if it is meant as text"
            )
        return result
    return value
