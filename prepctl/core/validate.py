"""Schema validation of every file, with findings a policy author can act on.

One engine (:mod:`prepctl.io.validator`) gives both the verdict and its reasons: a file is
invalid exactly when there is an error to report, so no file can be judged invalid with nothing
said about it. Each error becomes a ``schema`` finding at the exact line and column
of the offending value (or key), with a message written for people rather than a validator
dump; the words come from the schema's own descriptions where it has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from prepctl.core import months
from prepctl.core.document import Document, SourceFile
from prepctl.core.finding import Finding, Severity
from prepctl.errors import InputError, PrepctlError
from prepctl.io import schemas, validator
from prepctl.io import yaml as yamlio

RULE = "schema"


class SchemaProblem(NamedTuple):
    """One way a value breaks its schema, in words, with where it is in the data."""

    path: tuple[Any, ...]
    """Keys and list positions from the file's top to the value (or the unknown key)."""
    message: str
    at_key: bool = False
    """The problem is the key at ``path`` itself (an unknown key), not its value."""


def is_valid(schema: str, data: Any) -> bool:
    return validator.all_valid([(schema, data)])[0]


def validate(document: Document) -> list[Finding]:
    findings: list[Finding] = []
    readable = [file for file in document.files if file.data is not None]
    verdicts = validator.all_valid([(file.schema, file.data) for file in readable])
    valid = {id(file) for file, verdict in zip(readable, verdicts, strict=True) if verdict}
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
        if id(file) in valid:
            continue
        findings.extend(explain(file))
    return findings


def require_valid(framework: Document, label: str, verb: str) -> None:
    """Refuse to ``verb`` (release, render) a document the schemas do not allow, naming its
    first error and how many more there are."""
    errors = [f for f in validate(framework) if f.severity is Severity.ERROR]
    if errors:
        first = min(errors, key=lambda f: f.sort_key())
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PrepctlError(
            f"cannot {verb} {label or '.'}: {first.file}:{first.line}:{first.column}: "
            f"{first.message}{more}; run 'prepctl lint' for every error"
        )


def read_one(raw: bytes, name: str, schema: str, what: str) -> yamlio.YamlFile:
    """Parse a file that stands on its own (a compliance profile, an assessment) and check it
    against ``schema``; any mistake is one :class:`InputError` at its place, naming the first
    error and how many more there are. ``what`` names the kind of file for the messages."""
    parsed = yamlio.parse(raw, name)
    if parsed.data is None:
        raise InputError(name, 1, 1, f"file is empty; {what} was expected")
    if not is_valid(schema, parsed.data):
        file = SourceFile(relative=name, display=name, schema=schema, parsed=parsed)
        # A missing key is most often a misspelt one: name the misspelling first.
        errors = sorted(
            explain(file),
            key=lambda f: (f.message.startswith("missing required key"), f.sort_key()),
        )
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        kind = what.split(" ", 1)[1]  # "an assessment" -> "assessment"
        raise InputError(
            first.file, first.line, first.column, f"not a valid {kind}: {first.message}{more}"
        )
    return parsed


def problems(schema: str, data: Any) -> list[SchemaProblem]:
    """Every way ``data`` breaks schema ``schema``, ordered by where it is; none when valid."""
    if is_valid(schema, data):
        return []
    found: list[SchemaProblem] = []
    bundle = schemas.bundle(schema)
    for error in validator.errors(schema, data):
        found.extend(_problems(error, _subschema(bundle, list(error.schema_path)[:-1])))
    if not found:  # pragma: no cover - jsonschema-rs reports every error it judged by
        found.append(SchemaProblem((), "does not match its schema"))
    return sorted(found, key=lambda p: [str(step) for step in p.path])


def explain(file: SourceFile) -> Iterator[Finding]:
    """Findings for every schema error in one file."""
    for problem in problems(file.schema, file.data):
        where = file.key_location(problem.path) if problem.at_key else file.location(problem.path)
        yield _finding(file, where, problem.path, problem.message)


def _subschema(bundle: dict[str, Any], steps: list[Any]) -> dict[str, Any]:
    """The part of a bundled schema at a schema path (jsonschema-rs's ``schema_path``)."""
    node: Any = bundle
    for step in steps:
        if isinstance(node, dict) and "$ref" in node and step not in node:
            node = _subschema(bundle, str(node["$ref"]).lstrip("#/").split("/"))
        if isinstance(node, dict):
            node = node.get(str(step), {})
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return {}
    return node if isinstance(node, dict) else {}


def first_error(schema: str, data: Any) -> validator.RawError | None:
    """The error of the first value in ``data`` (by where it is) against schema ``schema``; for
    an empty text, that it is empty rather than that it does not match its pattern."""
    return min(
        validator.errors(schema, data),
        key=lambda e: ([str(p) for p in e.instance_path], e.schema_path[-1:] != ("minLength",)),
        default=None,
    )


def _problems(error: validator.RawError, schema: dict[str, Any]) -> Iterator[SchemaProblem]:
    path = error.instance_path
    keyword = error.keyword
    details = error.details
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(str(k) for k in details.get("unexpected", [])):
            hint = _did_you_mean(key, allowed)
            message = f"unknown key '{key}'" + (
                f"; did you mean '{hint}'?" if hint else f" (allowed here: {', '.join(allowed)})"
            )
            yield SchemaProblem((*path, key), message, at_key=True)
        return
    if keyword == "required":
        yield SchemaProblem(path, f"missing required key '{details['property']}'")
        return
    yield SchemaProblem(path, _message(keyword, details, schema, error))


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


def _expected(schema: dict[str, Any]) -> str | None:
    """What the schema asks for, in words, from the definition's description."""
    description = schema.get("description")
    if isinstance(description, str) and description:
        return description.split(". ")[0].rstrip(".")
    return None


def _message(
    keyword: str, details: dict[str, Any], schema: dict[str, Any], error: validator.RawError
) -> str:
    instance = error.instance
    if keyword == "type":
        value = schema.get("type", details.get("types", []))
        wanted = value if isinstance(value, list) else [value]
        # A formatted text (a date, a version, an id) is best named by its own description.
        described = _expected(schema) if "pattern" in schema else None
        expected = described or " or ".join(_TYPE_NAMES.get(str(w), str(w)) for w in wanted)
        return f"must be {_lower_first(expected)}, got {_kind(instance)}"
    if keyword == "enum":
        value = schema.get("enum", details.get("options", []))
        choices = ", ".join(str(choice) for choice in value)
        hint = (
            _did_you_mean(instance, [str(c) for c in value]) if isinstance(instance, str) else None
        )
        suffix = f"; did you mean '{hint}'?" if hint else ""
        return f"must be one of {choices}; got {_kind(instance)}{suffix}"
    if keyword == "pattern":
        expected = _expected(schema) or f"text matching {details.get('pattern')}"
        hint = ""
        if schema.get("format") == "date" and isinstance(instance, str):
            hint = calendar_hint(instance)
        return f"must be {_lower_first(expected)}, got {_kind(instance)}{hint}"
    limit = details.get("limit")
    if keyword == "minItems":
        return f"must list at least {limit} item{'s' if limit != 1 else ''}"
    if keyword == "minLength":
        return "must not be empty" if limit == 1 else f"must be at least {limit} characters long"
    if keyword == "maxLength":
        return f"is {len(instance)} characters long; the limit is {limit}"
    if keyword == "uniqueItems":
        return f"lists {_first_repeated(instance)} more than once"
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        relation = {
            "minimum": "at least",
            "exclusiveMinimum": "greater than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[keyword]
        return f"must be {relation} {limit}, got {instance}"
    return error.message


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
    name = months.NAMES[month - 1]
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
