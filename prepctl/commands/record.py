"""``prepctl record``: write a change record, checked, so nobody writes the format by hand."""

from __future__ import annotations

import datetime
import difflib
from pathlib import Path
from typing import Any

import click

from prepctl import changes, document, meaning, schemas, source, validate
from prepctl.commands import diff as diff_command
from prepctl.commands.sources import resolve_folder
from prepctl.errors import PrepctlError


def run(
    record_id: str,
    *,
    title: str,
    covers: list[str],
    rationale: str,
    approved_by: list[str],
    approved_on: str | None,
    effective: str | None,
    from_diff: bool,
    against: str | None,
    framework: str | None,
) -> int:
    folder = resolve_folder(framework) if framework else source.find_framework(Path.cwd())
    head = document.load(source.read_directory(folder))
    addresses = list(covers)
    if from_diff:
        result = diff_command.compare(against, str(folder), fail_on="unjustified")
        found = [where for change in result.unjustified for where in change.addresses]
        if not found and not covers:
            raise PrepctlError(
                f"nothing to record: no weakening between {result.base.label} and "
                f"{result.head.label} lacks a change record"
            )
        addresses.extend(found)
    data: dict[str, Any] = {
        "id": record_id,
        "title": title,
        "covers": changes.minimal_covers(addresses) if from_diff else list(dict.fromkeys(covers)),
        "rationale": rationale,
        "approved-by": list(dict.fromkeys(approved_by)),
        "approved-on": approved_on or datetime.date.today().isoformat(),
    }
    if effective is not None:
        data["effective"] = effective
    _check_schema(data)
    _check_references(head, data)
    for where in data["covers"]:
        if head.get(where) is None:
            click.echo(
                f"prepctl: note: {where} is not in {head.snapshot.label} "
                "(fine when the record explains its removal)",
                err=True,
            )
    target = changes.write(folder, data)
    click.echo(f"wrote {target} (covers {_plural(len(data['covers']), 'address')})")
    return 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 'es' if word.endswith('s') else 's'}"


_OPTION = {"approved-by": "--approved-by", "approved-on": "--approved-on", "id": "--id"}


def _check_schema(data: dict[str, Any]) -> None:
    if validate.is_valid(changes.SCHEMA, data):
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(schemas.bundle(changes.SCHEMA))
    error = min(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    path = list(error.absolute_path)
    key = str(path[0]) if path else ""
    option = _OPTION.get(key, f"--{key}")
    description = error.schema.get("description", "")
    if error.validator == "pattern" and description:
        expected = description.split(". ")[0].rstrip(".")
        problem = f"must be {expected[0].lower()}{expected[1:]}, got '{error.instance}'"
        if error.schema.get("format") == "date":
            problem += validate.calendar_hint(str(error.instance))
    elif error.validator == "minLength":
        problem = "must not be empty"
    else:
        problem = str(error.message)
    raise PrepctlError(f"{option}: {problem}")


def _check_references(head: document.Document, data: dict[str, Any]) -> None:
    """Every value the schema marks as a reference (approving bodies) names a real item."""
    record_node = meaning.root().entry(changes.collection_key())
    items = record_node.items() if record_node else None
    for key, values in data.items():
        node = items.entry(key) if items else None
        element = node.items() if node is not None and isinstance(values, list) else node
        target = element.reference if element is not None else None
        if target is None:
            continue
        known = head.get(target)
        known_ids = _ids(known, meaning.root(), target)
        for value in values if isinstance(values, list) else [values]:
            if value in known_ids:
                continue
            close = difflib.get_close_matches(str(value), known_ids, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (known: {', '.join(known_ids)})"
            raise PrepctlError(
                f"{_OPTION.get(key, '--' + key)}: '{value}' is not in {target}{hint}"
            )


def _ids(items: Any, root: meaning.SchemaNode, where: str) -> list[str]:
    if not isinstance(items, list):
        return []
    node: meaning.SchemaNode | None = root
    for segment in where.strip("/").split("/"):
        node = node.entry(segment) if node else None
    identity = node.identity if node else meaning.BY_POSITION
    return [s for s in document.item_segments(items, identity) if not s.startswith("#")]
