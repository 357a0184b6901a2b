"""The JSON Schemas: where they are, and each one bundled into a self-contained document.

The files in ``schemas/`` refer to each other (``common.schema.json#/$defs/identifier``) so that
editors reading them from disk resolve references next to the file. Validators and the
``schema`` command use a bundle instead: every referenced definition copied into ``$defs`` and
every ``$ref`` rewritten to point inside the same document, so nothing is ever fetched.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from prepctl.errors import PrepctlError

SUFFIX = ".schema.json"


def directory() -> Path:
    """The folder holding the schema files: inside the installed package, or the source tree."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_schemas"
    return installed if installed.is_dir() else here.parent / "schemas"


def names() -> list[str]:
    """Names of the shipped schemas, such as ``framework`` and ``category``."""
    return sorted(p.name[: -len(SUFFIX)] for p in directory().glob("*" + SUFFIX))


@cache
def source(name: str) -> dict[str, Any]:
    """A schema file exactly as written."""
    path = directory() / (name + SUFFIX)
    if not path.is_file():
        known = ", ".join(names())
        raise PrepctlError(f"no schema named '{name}' (known: {known})")
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


@cache
def bundle(name: str) -> dict[str, Any]:
    """A self-contained copy of schema ``name`` with every reference made local."""
    definitions: dict[str, Any] = {}

    def definition_key(ref: str, current: str) -> str:
        file, _, fragment = ref.partition("#")
        owner = file[: -len(SUFFIX)] if file else current
        if fragment in ("", "/"):
            key, target = owner, source(owner)
        elif fragment.startswith("/$defs/") and "/" not in fragment[len("/$defs/") :]:
            local = fragment[len("/$defs/") :]
            key, target = f"{owner}.{local}", source(owner)["$defs"][local]
        else:  # pragma: no cover - a mistake in our own schemas, caught by the tests
            raise ValueError(f"unsupported reference {ref!r} in schema {current!r}")
        if key not in definitions:
            definitions[key] = {}  # reserve first: definitions may refer to themselves
            copied = rewrite(target, owner)
            if isinstance(copied, dict):
                copied.pop("$defs", None)
                copied.pop("$schema", None)
            definitions[key] = copied
        return "#/$defs/" + key

    def rewrite(node: Any, current: str) -> Any:
        if isinstance(node, dict):
            return {
                key: definition_key(value, current) if key == "$ref" else rewrite(value, current)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [rewrite(value, current) for value in node]
        return node

    root: dict[str, Any] = rewrite({k: v for k, v in source(name).items() if k != "$defs"}, name)
    if definitions:
        root["$defs"] = dict(sorted(definitions.items()))
    return root
