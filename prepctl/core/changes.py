"""Change records: which addresses a change explains, who approved it, and writing new ones.

A record lives in ``framework/changes/<id>.yaml`` (schema ``change-record``) until a release
moves it to ``changes/archive/<version>/``; it is named by its id wherever its file lives. It
justifies a change when one of its ``covers`` addresses is the change's address or an ancestor
of it, and only when the record itself is new or modified between the two versions compared: a
record that was already in the base version explained an earlier change, not this one. So an
archived record keeps justifying its release's changes between any two versions on either side
of that release, and nothing after it.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from prepctl.core import address, document, meaning
from prepctl.core.document import Document
from prepctl.errors import InputError, PrepctlError
from prepctl.io import schemas
from prepctl.io import yaml as yamlio
from prepctl.io.output import write_atomic

SCHEMA = "change-record"
REVIEW = "review"
"""The kind of record that is a review which changed nothing (``prepctl review``)."""


@dataclass(frozen=True)
class ChangeRecord:
    id: str
    title: str
    covers: tuple[str, ...]
    approved_by: tuple[str, ...]
    file: str | None
    kind: str = "change"
    justifies: bool = True
    """Whether the record can justify a change at all (a review never does)."""

    def covers_address(self, where: str) -> bool:
        return any(address.is_within(where, covered) for covered in self.covers)


@cache
def collection_key() -> str:
    """The document key under which change records are read (from the manifest schema)."""
    for key, entry in schemas.source("framework")["x-prepctl-collections"].items():
        if str(entry.get("items", {}).get("$ref", "")).startswith(SCHEMA + schemas.SUFFIX):
            return str(key)
    raise PrepctlError("the framework schema declares no collection of change records")


def _schema() -> meaning.SchemaNode | None:
    """The schema of one change record."""
    node = meaning.root().entry(collection_key())
    return node.items() if node is not None else None


@cache
def kinds() -> tuple[str, str, frozenset[str]]:
    """The record's kind field, its default and the kinds that justify changes, from the
    field of the change-record schema that carries ``x-prepctl-justifies``."""
    items = _schema()
    name = items.property_with("justifies") if items is not None else None
    field = items.entry(name) if items is not None and name is not None else None
    if name is None or field is None:  # pragma: no cover - a mistake in our own schema
        raise PrepctlError("the change-record schema names no field that says what justifies")
    default = str(field.schema.get("default"))
    return name, default, frozenset(str(kind) for kind in field.keyword("justifies"))


def kind_of(data: Any) -> str:
    """The kind of a record's data: as written, or the schema's default."""
    name, default, _ = kinds()
    written = data.get(name) if isinstance(data, dict) else None
    return written if isinstance(written, str) else default


def directory() -> str:
    """The folder, beside the manifest, that holds change records."""
    return str(meaning.root().collections()[collection_key()].keyword("directory"))


def _records(doc: Document) -> dict[str, tuple[ChangeRecord, Any]]:
    items = doc.data.get(collection_key())
    if not isinstance(items, list):
        return {}
    node = meaning.root().entry(collection_key())
    identity = node.identity if node else "id"
    found: dict[str, tuple[ChangeRecord, Any]] = {}
    for segment, data in zip(document.item_segments(items, identity), items, strict=True):
        if not isinstance(data, dict):
            continue
        where = address.join(address.join(address.ROOT, collection_key()), segment)
        location = doc.location(where)
        kind = kind_of(data)
        record = ChangeRecord(
            id=segment,
            title=str(data.get("title", "")),
            covers=_strings(data.get("covers")),
            approved_by=_strings(data.get("approved-by")),
            file=location.file if location else None,
            kind=kind,
            justifies=kind in kinds()[2],
        )
        found[segment] = (record, data)
    return found


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def new_records(base: Document, head: Document) -> list[ChangeRecord]:
    """Records in ``head`` that are not in ``base`` exactly as they are: only these justify."""
    before = _records(base)
    return [
        record
        for record_id, (record, data) in sorted(_records(head).items())
        if record_id not in before or before[record_id][1] != data
    ]


def covering(records: Iterable[ChangeRecord], addresses: Iterable[str]) -> ChangeRecord | None:
    """The first record (by id) that covers any of ``addresses`` and can justify a change (a
    review covers what it reviewed, and justifies nothing)."""
    wanted = list(addresses)
    for record in records:
        if record.justifies and any(record.covers_address(where) for where in wanted):
            return record
    return None


_COVERABLE = re.compile(r"^(/[a-z0-9]+(-[a-z0-9]+)*)+$")


def coverable(where: str) -> str:
    """The address itself, or its nearest ancestor a record can name (ids only, no '#N')."""
    while where and not _COVERABLE.match(where):
        where = address.parent(where)
    return where


def minimal_covers(addresses: Iterable[str]) -> list[str]:
    """Sorted, without any address already covered by another in the list."""
    unique = sorted({coverable(where) for where in addresses} - {""})
    return [a for a in unique if not any(o != a and address.is_within(a, o) for o in unique)]


# Writing a record -------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9/][A-Za-z0-9 /.,()'-]*")


def render(data: dict[str, Any], *, header: str | None = None) -> str:
    """YAML text for a record, in the schema's key order, that reads back to exactly ``data``;
    running text (:attr:`~prepctl.core.meaning.SchemaNode.paragraph`) is folded."""
    record = _schema()
    lines = [header] if header else []
    for key in record.order_keys(list(data)) if record is not None else data:
        value = data[key]
        entry = record.entry(key) if record is not None else None
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {_scalar(item)}" for item in value)
        elif entry is not None and entry.paragraph and isinstance(value, str):
            lines.extend(_prose(key, value))
        else:
            lines.append(f"{key}: {_scalar(value)}")
    text = "\n".join(lines) + "\n"
    if _read_back(text) != data:  # pragma: no cover - a bug in this function, never user input
        raise PrepctlError("internal error: the change record would not read back as written")
    return text


def _scalar(value: Any) -> str:
    text = str(value)
    if _PLAIN.fullmatch(text) and text == text.strip() and _read_back(f"v: {text}") == {"v": text}:
        return text
    return json.dumps(text, ensure_ascii=False)


def _prose(key: str, text: str) -> list[str]:
    """A folded block when the text survives folding unchanged, else a quoted string."""
    if "\n" not in text and "  " not in text and "\t" not in text and text == text.strip():
        wrapped = textwrap.wrap(text, width=94, break_long_words=False, break_on_hyphens=False)
        block = [f"{key}: >-", *(f"  {line}" for line in wrapped)]
        if _read_back("\n".join(block) + "\n") == {key: text}:
            return block
    return [f"{key}: {json.dumps(text, ensure_ascii=False)}"]


def _read_back(text: str) -> Any:
    try:
        return yamlio.parse(text.encode("utf-8"), "<change record>").data
    except InputError:
        return None


# Where editor schemas are found from a record's folder: this repository's own layout, and the
# one `prepctl init` writes (the schemas in .prepctl/schemas/ beside the framework folder).
_SCHEMA_FOLDERS = (Path("..", "..", "schemas"), Path("..", "..", ".prepctl", "schemas"))


def _modeline(records: Path) -> str | None:
    """The ``yaml-language-server`` line pointing editors at the change-record schema, when a
    copy of it is found; none otherwise (a modeline to nothing would only mislead)."""
    for folder in _SCHEMA_FOLDERS:
        schema_file = folder / (SCHEMA + schemas.SUFFIX)
        if (records / schema_file).is_file():
            return f"# yaml-language-server: $schema={schema_file.as_posix()}"
    return None


def canonical(data: dict[str, Any], *, header: str | None = None, name: str) -> str:
    """:func:`render`'s text in the layout ``prepctl fmt`` gives it, so that a record written
    by prepctl passes ``fmt --check`` as it is."""
    from prepctl.core import fmt

    text = fmt.format_text(render(data, header=header), schema=_schema(), name=name)
    if _read_back(text) != data:  # pragma: no cover - fmt checks that it keeps the data
        raise PrepctlError("internal error: the change record would not read back as written")
    return text


def prepare(folder: Path, data: dict[str, Any]) -> tuple[Path, str]:
    """Where a new record goes in the framework at ``folder``, and its text; never a file
    that exists."""
    records = folder / directory()
    target = records / f"{data['id']}.yaml"
    if os.path.lexists(target):
        raise PrepctlError(f"{target} already exists; choose another --id or edit that record")
    if records.is_symlink() and not records.exists():
        raise PrepctlError(
            f"{records} is a symbolic link to nothing; make it a folder for change records"
        )
    if os.path.lexists(records) and not records.is_dir():
        raise PrepctlError(f"{records} is not a folder; change records are kept in a folder")
    return target, canonical(data, header=_modeline(records), name=str(target))


def write(folder: Path, data: dict[str, Any]) -> Path:
    """Write a new record into the framework at ``folder``; never overwrite one."""
    target, text = prepare(folder, data)
    records = target.parent
    try:
        records.mkdir(exist_ok=True)
    except OSError as exc:
        raise PrepctlError(f"cannot create {records}: {exc.strerror or exc}") from None
    write_atomic(target, text)
    return target
