"""``prepctl record``: write a change record, checked, so nobody writes the format by hand."""

from __future__ import annotations

import datetime
import difflib
import sys
from pathlib import Path
from typing import Any

from prepctl.commands import diff as diff_command
from prepctl.commands.sources import resolve_folder
from prepctl.core import address, changes, document, meaning, source, validate
from prepctl.errors import PrepctlError
from prepctl.io import schemas
from prepctl.terminal import safe


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
    for option, values in (
        ("--id", [record_id]),
        ("--title", [title]),
        ("--covers", covers),
        ("--rationale", [rationale]),
        ("--approved-by", approved_by),
        ("--approved-on", [approved_on]),
        ("--effective", [effective]),
    ):
        for value in values:
            _check_text(option, value)
    if any(address.display(where) == "/" for where in covers):
        raise PrepctlError(
            "--covers: / is the whole framework; a change record names the parts it explains "
            "(a review that changed nothing is recorded with 'prepctl review')"
        )
    folder = resolve_folder(framework) if framework else source.find_framework(Path.cwd())
    head = document.load(source.read_directory(folder))
    addresses = list(covers)
    base: document.Document | None
    if from_diff:
        base, result = diff_command.compare(against, str(folder), fail_on="unjustified")
        found = [where for change in result.unjustified for where in change.addresses]
        if not found and not covers:
            raise PrepctlError(
                f"nothing to record: no weakening between {result.base.label} and "
                f"{result.head.label} lacks a change record"
            )
        addresses.extend(found)
    else:
        base = _committed(folder)
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
    _check_taken(head, record_id)
    _check_references(head, data)
    _check_covers(base, head, data["covers"])
    target = changes.write(folder, data)
    sys.stdout.write(
        f"wrote {safe(str(target))} (covers {_plural(len(data['covers']), 'address')})\n"
    )
    return 0


def _check_text(option: str, value: str | None) -> None:
    """Text from the command line that cannot be written as UTF-8 (bytes the locale could not
    decode reach Python as lone surrogates) is refused, naming the byte."""
    if value is None:
        return
    for position, character in enumerate(value, start=1):
        if "\udc80" <= character <= "\udcff":
            byte = ord(character) - 0xDC00
            raise PrepctlError(
                f"{option}: not UTF-8 text (byte 0x{byte:02x} at character {position}); "
                "write it in UTF-8"
            )


def _committed(folder: Path) -> document.Document | None:
    """The framework as last committed (``HEAD``), which a record may cover removals from;
    None outside git or before the framework's first commit."""
    from prepctl.core import source_git
    from prepctl.io import yaml_pieces

    try:
        snapshot = source_git.read_snapshot_of(diff_command.DEFAULT_BASE, folder)
        return document.load(snapshot, parse=yaml_pieces.parse_cached)
    except PrepctlError:
        return None


def _check_taken(head: document.Document, record_id: str) -> None:
    """A record's id names it wherever its file lives, an archived one included."""
    where = address.join(address.join(address.ROOT, changes.collection_key()), record_id)
    location = head.location(where) if head.get(where) is not None else None
    own = f"{changes.directory()}/{record_id}.yaml"  # changes.write names that one itself
    if location is not None and not any(
        file.display == location.file and file.relative == own for file in head.files
    ):
        raise PrepctlError(
            f"--id: change record '{record_id}' already exists in {location.file}; choose "
            "another --id"
        )


def _check_covers(
    base: document.Document | None, head: document.Document, covers: list[str]
) -> None:
    """Every covered address names something in the working tree or in the base: a record may
    explain a removal, but an address in neither is a typo that would justify nothing."""
    from prepctl.core import history

    versions = [doc for doc in (base, head) if doc is not None]
    for where in covers:
        if any(doc.get(where) is not None or where in doc.locations for doc in versions):
            continue
        names = " nor ".join(doc.snapshot.label for doc in versions)
        place = f"in neither {names}" if len(versions) > 1 else f"not in {names}"
        known = {known for doc in versions for known in doc.locations}
        suggestion = history.suggest(where, known)
        hint = f" (did you mean {suggestion}?)" if suggestion else ""
        raise PrepctlError(f"--covers: {where} is {place}{hint}")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 'es' if word.endswith('s') else 's'}"


_OPTION = {"approved-by": "--approved-by", "approved-on": "--approved-on", "id": "--id"}


def _check_schema(data: dict[str, Any]) -> None:
    if validate.is_valid(changes.SCHEMA, data):
        return
    key, keyword, instance, description, message = _first_error(data)
    option = _OPTION.get(key, f"--{key}")
    if keyword == "minLength":
        problem = "must not be empty"
    elif keyword == "pattern" and isinstance(instance, str) and instance and not instance.strip():
        problem = "must not be blank"
    elif keyword == "pattern" and description:
        expected = description.split(". ")[0].rstrip(".")
        problem = f"must be {expected[0].lower()}{expected[1:]}, got {instance!r}"
        if isinstance(instance, str):
            problem += validate.calendar_hint(instance)
    else:
        problem = message
    raise PrepctlError(f"{option}: {problem}")


def _first_error(data: dict[str, Any]) -> tuple[str, str, Any, str, str]:
    """The first schema error as (key, keyword, value, the field's description when the value
    is the field's own, message), from the validator that gave the verdict."""
    error = validate.first_error(changes.SCHEMA, data)
    if error is None:  # pragma: no cover - called only when the record is invalid
        raise PrepctlError("the change record does not match its schema")
    path = list(error.instance_path)
    key = str(path[0]) if path else ""
    keyword = str(error.schema_path[-1]) if error.schema_path else ""
    description = _description(key) if len(path) == 1 else ""
    return key, keyword, error.instance, description, error.message


def _description(key: str) -> str:
    """The description the change-record schema gives a field (on it, or on its definition)."""
    bundle = schemas.bundle(changes.SCHEMA)
    node: Any = bundle.get("properties", {}).get(key, {})
    while isinstance(node, dict):
        if isinstance(node.get("description"), str):
            return str(node["description"])
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            break
        node = bundle.get("$defs", {}).get(ref[len("#/$defs/") :])
    return ""


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
