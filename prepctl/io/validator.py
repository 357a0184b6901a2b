"""JSON Schema validation: the only module that runs a validator (jsonschema-rs).

One engine gives both the verdict and its reasons: a value is invalid exactly when there is an
error to report (two engines disagree at the edges: Python's ``$`` matches before a final line
break, jsonschema-rs's does not). Each schema is one of prepctl's own, bundled
(:func:`prepctl.io.schemas.bundle`), compiled once per process. The errors come back as plain
records; putting them into words, at their place in a file, is the domain's.

:func:`all_valid` remembers what it found valid, in the user's cache folder
(:mod:`prepctl.io.user_cache`): a value the validator passed once, against the same schema bytes
with the same prepctl and the same validator, is not validated again, so a lint of unchanged
files (the pre-commit case) neither loads nor builds a validator. Only verdicts of valid are
kept; anything else is always validated.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from prepctl import __version__
from prepctl.io import schemas, user_cache

try:  # hashlib's own import loads OpenSSL, a few milliseconds of every lint
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

_KEPT = 50_000
"""The most verdicts kept (about 1.7 MB): those added last; older ones are found again."""
_OTHERS_KEPT = 3
"""Verdict files kept for other versions or schemas (several checkouts may share a cache)."""


class RawError(NamedTuple):
    """One error as the validator reports it."""

    instance_path: tuple[str | int, ...]
    """Keys and list positions from the top of the value to the offending part."""
    schema_path: tuple[str | int, ...]
    """Keys and positions in the bundled schema down to the keyword that failed."""
    keyword: str
    """The failed keyword (``type``, ``pattern``, ``required``, ``additionalProperties``...)."""
    details: dict[str, Any]
    """What the keyword asked for, by name (``limit``, ``property``, ``unexpected``...)."""
    instance: Any
    """The offending value."""
    message: str
    """The validator's own words."""


@cache
def _compiled(name: str) -> Any:
    import jsonschema_rs  # here, not at the top: --help and --version need no validator

    return jsonschema_rs.validator_for(schemas.bundle(name))


def all_valid(checks: list[tuple[str, Any]]) -> list[bool]:
    """Whether each value is valid against its schema (named as in ``checks``' pairs): from
    the verdicts remembered, else from the validator, remembering each value found valid."""
    kept = _Verdicts.read()
    found: list[bool] = []
    for name, data in checks:
        key = kept.key(name, data) if kept else ""
        valid = key in kept.known if kept else False
        if not valid:
            valid = is_valid(name, data)
            if valid and kept:
                kept.add(key)
        found.append(valid)
    if kept:
        kept.write()
    return found


class _Verdicts:
    """The values found valid, as digests of the schema's name and the value, in one file for
    the present prepctl, validator and schema bytes (:func:`_stamp`)."""

    def __init__(self, path: Path, known: list[str]) -> None:
        self.path = path
        self.order = known
        self.known = set(known)
        self.new: list[str] = []

    @classmethod
    @cache
    def read(cls) -> _Verdicts | None:
        """The verdicts remembered, read once a process."""
        folder = user_cache.folder()
        stamp = _stamp()
        if folder is None or stamp is None:
            return None
        path = folder / "valid" / stamp
        content = user_cache.read(path)
        return cls(path, content.decode("ascii", "replace").split() if content else [])

    @staticmethod
    def key(name: str, data: Any) -> str:
        # repr tells apart every type YAML reads (1, 1.0, True, '1', dates) and every order.
        text = f"{name}\0{data!r}"
        return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def add(self, key: str) -> None:
        if key not in self.known:
            self.known.add(key)
            self.new.append(key)

    def write(self) -> None:
        if not self.new:
            return
        if not self.path.exists():
            _prune(self.path.parent)
        self.order = (self.order + self.new)[-_KEPT:]
        self.new = []
        user_cache.write(self.path, ("\n".join(self.order) + "\n").encode("ascii"))


def _prune(folder: Path) -> None:
    """Drop all but the newest few verdict files of other prepctl versions, validators or
    schemas (best effort), in a folder of the user's own only."""
    try:
        if not user_cache.ours(folder.stat()):
            return
        files = [path for path in folder.iterdir() if not path.name.startswith(".")]
        others = sorted(files, key=lambda path: path.stat().st_mtime, reverse=True)
        for old in others[_OTHERS_KEPT:]:
            old.unlink()
    except OSError:
        pass


@cache
def _stamp() -> str | None:
    """What the verdicts depend on besides the values: prepctl's version, the Python and the
    validator's files (as installed), and the bytes of every schema; None if it cannot be
    told (the verdicts are then not remembered)."""
    digest = blake2b(f"{__version__}\0{sys.version}".encode())
    try:
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec("jsonschema_rs")
        if spec is None or spec.origin is None:
            return None
        for entry in sorted(os.scandir(Path(spec.origin).parent), key=lambda e: e.name):
            if entry.is_file():
                status = entry.stat()
                digest.update(f"\0{entry.name}\0{status.st_size}\0{status.st_mtime_ns}".encode())
        for path in sorted(schemas.directory().glob("*" + schemas.SUFFIX)):
            digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    return digest.hexdigest()[:32]


def is_valid(name: str, data: Any) -> bool:
    """Whether ``data`` is valid against the schema ``name``."""
    return bool(_compiled(name).is_valid(data))


def errors(name: str, data: Any) -> list[RawError]:
    """Every error of ``data`` against the schema ``name``, in the validator's order."""
    return [
        RawError(
            tuple(error.instance_path),
            tuple(error.schema_path),
            error.kind.name,
            error.kind.as_dict(),
            error.instance,
            str(error.message),
        )
        for error in _compiled(name).iter_errors(data)
    ]
