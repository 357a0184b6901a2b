"""GitHub Actions workflow commands: one annotation per change, on the head file's line (the
base file's line for a removal). An unjustified weakening is an error, any other weakening or
a change that needs review a warning, the rest notices. A material modification adds one
warning, on no file, listing what each claimed profile requires and by when."""

from __future__ import annotations

from typing import TextIO

from prepctl.core.classify import Impact
from prepctl.core.diff import Change, DiffResult, Kind
from prepctl.terminal import safe


def _data(text: str) -> str:
    # GitHub shows workflow logs with their colours: control characters must arrive as escapes.
    return safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _level(change: Change) -> str:
    if change.unjustified_weakening:
        return "error"
    if change.impact in (Impact.WEAKENING, Impact.NEEDS_REVIEW):
        return "warning"
    return "notice"


def report(result: DiffResult, stream: TextIO, color: bool) -> None:
    for change in result.changes:
        properties = []
        location = change.location
        if location is not None:
            version = result.base if change.kind is Kind.REMOVED else result.head
            properties += [
                f"file={_property(version.repository_path(location.file))}",
                f"line={location.line}",
                f"col={location.column}",
            ]
        title = f"{change.impact.value}: {change.kind.value}"
        if change.unjustified_weakening:
            title += " without a change record"
        elif change.justified_by is not None:
            title += f" (change record {change.justified_by})"
        properties.append(f"title={_property(title)}")
        message = f"{change.address}: {change.detail}"
        stream.write(f"::{_level(change)} {','.join(properties)}::{_data(message)}\n")
    stream.write(_material(result))


def _material(result: DiffResult) -> str:
    material = result.material
    if material is None or not material.material or not material.obligations:
        return ""
    count = len(material.weakenings)
    title = f"material modification: {count} weakening{'s' if count != 1 else ''}"
    message = "\n".join(obligation.line() for obligation in material.obligations)
    return f"::warning title={_property(title)}::{_data(message)}\n"
