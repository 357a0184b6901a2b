"""Schema validation of every file, with findings a policy author can act on.

The clean path asks jsonschema-rs for a verdict only. When a file is invalid, jsonschema
explains it: each error becomes a ``schema`` finding at the exact line and column of the
offending value (or key), with a message written for people rather than a validator dump.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from prepctl import schemas
from prepctl.document import Document, SourceFile
from prepctl.finding import Finding, Severity

RULE = "schema"


@cache
def _fast_validator(name: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(schemas.bundle(name))


@cache
def _explaining_validator(name: str) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(schemas.bundle(name))


def is_valid(schema: str, data: Any) -> bool:
    return bool(_fast_validator(schema).is_valid(data))


def validate(document: Document) -> list[Finding]:
    findings: list[Finding] = []
    for file in document.files:
        if file.data is None:
            location = file.location(())
            findings.append(
                Finding(
                    location.file,
                    location.line,
                    location.column,
                    RULE,
                    Severity.ERROR,
                    file.address(()) or "/",
                    "file is empty",
                )
            )
            continue
        if is_valid(file.schema, file.data):
            continue
        findings.extend(explain(file))
    return findings


def explain(file: SourceFile) -> Iterator[Finding]:
    """Findings for every schema error in one file."""
    errors = _explaining_validator(file.schema).iter_errors(file.data)
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        yield from _findings(file, error)


def _findings(file: SourceFile, error: Any) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    keyword = error.validator
    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed)):
            where = file.key_location((*path, key))
            hint = _did_you_mean(key, allowed)
            message = f"unknown key '{key}'" + (
                f"; did you mean '{hint}'?" if hint else f" (allowed here: {', '.join(allowed)})"
            )
            yield _finding(file, where, (*path, key), message)
        return
    if keyword == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        for key in missing:
            yield _finding(file, file.location(path), path, f"missing required key '{key}'")
        return
    yield _finding(file, file.location(path), path, _message(error))


def _finding(file: SourceFile, where: Any, path: tuple[Any, ...], message: str) -> Finding:
    return Finding(
        where.file,
        where.line,
        where.column,
        RULE,
        Severity.ERROR,
        file.address(path) or "/",
        message,
    )


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "empty",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{_shorten(value)}'"


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _expected(error: Any) -> str | None:
    """What the schema asks for, in words, from the definition's description."""
    description = error.schema.get("description")
    if isinstance(description, str) and description:
        return description.split(". ")[0].rstrip(".")
    return None


def _message(error: Any) -> str:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "type":
        wanted = value if isinstance(value, list) else [value]
        # A formatted text (a date, a version, an id) is best named by its own description.
        described = _expected(error) if "pattern" in error.schema else None
        expected = described or " or ".join(_TYPE_NAMES.get(str(w), str(w)) for w in wanted)
        return f"must be {_lower_first(expected)}, got {_kind(instance)}"
    if keyword == "enum":
        choices = ", ".join(str(choice) for choice in value)
        hint = (
            _did_you_mean(instance, [str(c) for c in value]) if isinstance(instance, str) else None
        )
        suffix = f"; did you mean '{hint}'?" if hint else ""
        return f"must be one of {choices}; got {_kind(instance)}{suffix}"
    if keyword == "pattern":
        expected = _expected(error) or f"text matching {value}"
        return f"must be {_lower_first(expected)}, got {_kind(instance)}{_calendar_hint(error)}"
    if keyword == "minItems":
        return f"must list at least {value} item{'s' if value != 1 else ''}"
    if keyword == "minLength":
        return "must not be empty"
    if keyword == "maxLength":
        return f"is {len(instance)} characters long; the limit is {value}"
    if keyword == "uniqueItems":
        return f"lists {_first_repeated(instance)} more than once"
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        relation = {
            "minimum": "at least",
            "exclusiveMinimum": "greater than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[keyword]
        return f"must be {relation} {value}, got {instance}"
    return str(error.message)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _calendar_hint(error: Any) -> str:
    if error.schema.get("format") != "date" or not isinstance(error.instance, str):
        return ""
    return calendar_hint(error.instance)


def calendar_hint(text: str) -> str:
    """Why text written as YYYY-MM-DD is still not a date, as ' (April has 30 days)'; empty
    when it is a date or not written that way."""
    parts = text.split("-")
    if len(parts) != 3 or [len(p) for p in parts] != [4, 2, 2]:
        return ""
    if not all(p.isascii() and p.isdigit() for p in parts):
        return ""
    year, month, day = (int(p) for p in parts)
    if year == 0 and 1 <= month <= 12:
        return " (the years start at 0001)"
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    import calendar

    length = calendar.monthrange(year, month)[1]
    if day <= length:
        return ""
    name = _MONTHS[month - 1]
    return f" ({name} {year} has {length} days)" if month == 2 else f" ({name} has {length} days)"


def _first_repeated(items: list[Any]) -> str:
    seen: list[Any] = []
    for item in items:
        if item in seen:
            return _kind(item)
        seen.append(item)
    return "an item"  # pragma: no cover - uniqueItems failed, so something repeats


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():  # an acronym such as 'ISO'
        return text
    return text[:1].lower() + text[1:]


def _did_you_mean(word: str, choices: list[str]) -> str | None:
    import difflib  # only a mistake needs a suggestion

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return close[0] if close else None
