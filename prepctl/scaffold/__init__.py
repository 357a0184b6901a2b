"""The files ``prepctl init`` writes into a new framework repository.

They are kept in ``template/`` beside this module exactly as they are written (dotfiles and
all), so that reviewing the scaffold means reading files, not string literals in code. Two
placeholders are filled in: ``@@TODAY@@`` (the framework's effective and review dates, so that
the new framework lints clean without a stale review) and ``@@VERSION@@`` (this prepctl's
version, for the CI install and the hook repository ``rev``).

The editor schemas are not kept in the template: they are written from the shipped schemas,
bundled exactly as ``prepctl schema NAME`` prints them, into ``.prepctl/schemas/``, where the
``yaml-language-server`` modelines of the template's YAML files point.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path, PurePosixPath

from prepctl.io import schemas

TEMPLATE = Path(__file__).resolve().parent / "template"
SCHEMA_FOLDER = PurePosixPath(".prepctl", "schemas")
_PLACEHOLDERS = ("@@TODAY@@", "@@VERSION@@")


def editor_schema_names() -> list[str]:
    """The schemas framework files follow: the manifest's, then each collection's items'."""
    names = ["framework"]
    collections = schemas.source("framework")["x-prepctl-collections"]
    for collection in collections.values():
        file = str(collection["items"]["$ref"]).partition("#")[0]
        names.append(file.removesuffix(schemas.SUFFIX))
    return names


def schema_text(name: str) -> str:
    """A schema as ``prepctl schema NAME`` prints it, final newline included."""
    return json.dumps(schemas.bundle(name), indent=2, ensure_ascii=False) + "\n"


def files(*, today: date, version: str) -> dict[str, bytes]:
    """Every file of the scaffold: its path (relative, with '/') and its content."""
    values = {"@@TODAY@@": today.isoformat(), "@@VERSION@@": version}
    result: dict[str, bytes] = {}
    for path in sorted(TEMPLATE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for placeholder in _PLACEHOLDERS:
            text = text.replace(placeholder, values[placeholder])
        result[path.relative_to(TEMPLATE).as_posix()] = text.encode("utf-8")
    for name in editor_schema_names():
        target = SCHEMA_FOLDER / (name + schemas.SUFFIX)
        result[target.as_posix()] = schema_text(name).encode("utf-8")
    return dict(sorted(result.items()))
