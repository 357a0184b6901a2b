"""Writing a release: the manifest's scalars replaced in place, and every file written at once."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from prepctl.errors import PrepctlError
from prepctl.io import output
from prepctl.io import yaml as yamlio

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_TOKEN = re.compile(r"\"[^\"\\\r\n]*\"|'[^'\r\n]*'|[^\s#]+")


def set_scalars(raw: bytes, shown: str, values: dict[str, str]) -> bytes:
    """The manifest with top-level scalars replaced in place: every other byte (comments,
    layout, quoting style, line endings) stays as it was, and the result is read back to check
    that nothing else changed."""
    return set_scalars_at(raw, shown, {(key,): value for key, value in values.items()})


def set_scalars_at(raw: bytes, shown: str, values: dict[yamlio.Path, str]) -> bytes:
    """:func:`set_scalars` for scalars at any depth of mappings, each named by its path of
    keys (``("governance", "review", "last-reviewed")``)."""
    parsed = yamlio.parse(raw, shown)
    if not isinstance(parsed.data, dict):
        raise PrepctlError(f"{shown}: the manifest is not a mapping")
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    parts = _LINE_BREAK.split(yamlio.decode(raw, shown))
    expected = copy.deepcopy(parsed.data)
    for path, value in values.items():
        key = ".".join(map(str, path))
        position = parsed.values.get(path)
        holder = _holder(expected, path)
        last = str(path[-1]) if path else ""
        if position is None or holder is None or not isinstance(holder.get(last), str):
            raise PrepctlError(f"{shown}: no '{key}: ...' line to update; add one and rerun")
        holder[last] = value
        line, column = position
        text = parts[2 * (line - 1)]
        token = _TOKEN.match(text, column - 1)
        if token is None:  # pragma: no cover - a scalar always starts with a token
            raise PrepctlError(f"{shown}:{line}:{column}: cannot update {key} in place")
        quote = token.group()[0] if token.group()[0] in "\"'" else ""
        parts[2 * (line - 1)] = (
            text[: token.start()] + f"{quote}{value}{quote}" + text[token.end() :]
        )
    updated = bom + "".join(parts).encode("utf-8")
    try:
        again = yamlio.parse(updated, shown).data
    except PrepctlError:
        again = None
    if again != expected:
        names = ", ".join(".".join(map(str, path)) for path in values)
        raise PrepctlError(
            f"{shown}: cannot update {names} in place (written over several lines or "
            "with a tag?); write each as a plain 'key: value' line and rerun"
        )
    return updated


def _holder(data: Any, path: yamlio.Path) -> dict[str, Any] | None:
    """The mapping that holds the last key of ``path``, if every step is a mapping."""
    for key in path[:-1]:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) and path else None


def write_files(writes: Mapping[Path, bytes], removes: Sequence[Path]) -> None:
    """Write a release's files and remove the records it archives: all new files staged first,
    then renamed into place; undone on error."""
    try:
        output.write_together(writes, removes)
    except output.WriteFailed as failed:
        words = "the release was undone" if failed.undone else "nothing was changed"
        raise PrepctlError(f"cannot write {failed.filename}: {failed.strerror}; {words}") from None
