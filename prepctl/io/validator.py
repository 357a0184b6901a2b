"""JSON Schema validation: the only module that runs a validator (jsonschema-rs).

One engine gives both the verdict and its reasons: a value is invalid exactly when there is an
error to report (two engines disagree at the edges: Python's ``$`` matches before a final line
break, jsonschema-rs's does not). Each schema is one of prepctl's own, bundled
(:func:`prepctl.io.schemas.bundle`), compiled once per process. The errors come back as plain
records; putting them into words, at their place in a file, is the domain's.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from prepctl.io import schemas


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
