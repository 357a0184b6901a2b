"""The history of an assessment file (or of a model's assessments) across git: what each commit
changed in it, field by field, keyed by what each entry is about and never by its position.

A result is known by its evaluation and mitigation state, a safeguard's status by its
safeguard, as the reader requires them to be unique; the decision, the model and the framework
version are compared field by field. Nothing is determined again: ``prepctl assess`` says what
a version means, this says how the record came to read as it does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from prepctl.core.assess.reading import read
from prepctl.core.assess.vocabulary import FOLDER
from prepctl.errors import InputError, PrepctlError
from prepctl.io.git import file_history

RECORDED, CHANGED, DELETED = "recorded", "changed", "deleted"
UNREADABLE, READABLE = "unreadable", "readable"
"""Kinds of change for a version that is no assessment, and for the one after it."""
_PROSE = 60
"""Text longer than this (or over several lines) is said to be reworded, not quoted."""


@dataclass(frozen=True)
class Change:
    """One field of one entry changed: ``subject`` is the evaluation's or safeguard's address,
    ``decision`` or ``model``, or empty for the assessment's own fields (framework, date);
    ``field`` is empty when a whole result or safeguard status was added or removed."""

    subject: str
    field: str
    kind: str
    """added, removed, changed, reworded; included / excluded for a set (approvals)."""
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class FileEntry:
    file: str
    status: str
    """recorded (the commit created it), changed or deleted."""
    earlier_file: str | None
    """The path it had before the commit, when the commit renamed it."""
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Entry:
    commit: str
    short: str
    date: str
    author: str
    files: tuple[FileEntry, ...]


@dataclass(frozen=True)
class AssessmentLog:
    path: str
    single_file: bool
    revision_range: str | None
    entries: tuple[Entry, ...]
    """Newest first."""


def is_path(where: str, cwd: Path) -> bool:
    """Whether ``log``'s argument names a path rather than an address (which starts with '/'):
    it is in an assessments folder, names a YAML file or exists (an absolute path: names a YAML
    file, or an assessments folder that exists). Anything else is left to be
    refused as an address without its '/'."""
    named = PurePosixPath(where)
    if where.startswith("/"):
        # An absolute path to an assessment, or else an address.
        return named.suffix in (".yaml", ".yml") or (FOLDER in named.parts and Path(where).exists())
    return FOLDER in named.parts or named.suffix in (".yaml", ".yml") or (cwd / where).exists()


def log(where: str, *, revision_range: str | None, cwd: Path) -> AssessmentLog:
    single = where.endswith((".yaml", ".yml"))
    repo, relative = file_history.top_relative(Path(where), cwd=cwd)
    _check_path(where, relative, single, cwd)
    found = file_history.history(repo, relative, revision_range, follow=single)
    # Read oldest first, so that a version that cannot be read is named by the commit that
    # wrote it.
    entries = [
        Entry(c.commit, c.short, c.date, c.author, tuple(_file_entry(c.short, f) for f in c.files))
        for c in reversed(found.commits)
    ]
    kept = tuple(entry for entry in reversed(entries) if entry.files)
    return AssessmentLog(relative, single, revision_range, kept)


def _check_path(where: str, relative: str, single: bool, cwd: Path) -> None:
    parts = PurePosixPath(relative).parts
    at = len(parts) - (3 if single else 2)
    shape = (
        FOLDER in parts
        and (parts.index(FOLDER) == at or (not single and parts[-1] == FOLDER))
        and not (Path(cwd / where).is_file() and not single)
    )
    if not shape:
        raise PrepctlError(
            f"'{where}' is not an assessment: give an assessment file "
            f"({FOLDER}/<model-id>/<YYYY-MM-DD>.yaml), a model's folder ({FOLDER}/<model-id>) "
            "or an address starting with '/'"
        )


def _file_entry(short: str, change: file_history.FileChange) -> FileEntry:
    if change.after is None:
        return FileEntry(change.path, DELETED, None, ())
    before_path = change.before_path or change.path
    earlier = before_path if before_path != change.path else None
    after = _read(change.after, f"{short}:{change.path}")
    if isinstance(after, str):
        # A version that is no assessment (a mistake fixed later, or an older schema) is said
        # to be one; the history goes on.
        changes = (Change("", "", UNREADABLE, after=after),)
        return FileEntry(
            change.path, RECORDED if change.before is None else CHANGED, earlier, changes
        )
    if change.before is None:
        return FileEntry(change.path, RECORDED, None, tuple(recorded(after)))
    before = _read(change.before, f"{short}^:{before_path}")
    if isinstance(before, str):
        changes = (Change("", "", READABLE, before=before),)
        return FileEntry(change.path, CHANGED, earlier, changes)
    return FileEntry(change.path, CHANGED, earlier, tuple(compare(before, after)))


def _read(raw: bytes, name: str) -> dict[str, Any] | str:
    """One version, read and checked as ``assess`` reads it (but not against its place: a
    file may have been misnamed once, which is why it was renamed); what is wrong with it, in
    one line, when it is no assessment."""
    try:
        return read(raw, name, placed=False).data
    except InputError as problem:
        return str(problem)


def recorded(data: dict[str, Any] | None) -> Iterator[Change]:
    """What a new assessment holds, in one line's worth of counts."""
    if data is None:
        return
    decision = data.get("decision", {})
    yield Change(
        "",
        "",
        "added",
        after={
            "model": data["model"]["id"],
            "results": len(data.get("results", [])),
            "safeguards": len(data.get("safeguards", [])),
            "decision": f"{decision.get('stage')} {decision.get('outcome')}",
        },
    )


def result_key(result: dict[str, Any]) -> str:
    """A result's identity, as it is shown: its evaluation, and its mitigation state when
    that is post."""
    state = result.get("mitigation", "pre")
    return str(result["evaluation"]) + (" (post-mitigation)" if state == "post" else "")


def compare(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    for key in ("framework", "date"):
        yield from _field("", key, before.get(key), after.get(key))
    yield from _fields("model", before.get("model", {}), after.get("model", {}))
    yield from _items(before.get("results", []), after.get("results", []), result_key)
    yield from _items(
        before.get("safeguards", []), after.get("safeguards", []), lambda s: s["safeguard"]
    )
    yield from _fields("decision", before.get("decision", {}), after.get("decision", {}))


def _items(old: list[dict[str, Any]], new: list[dict[str, Any]], key: Any) -> Iterator[Change]:
    """Items matched by identity: those on both sides compared field by field (the identity's
    own fields left out), the others added or removed whole; a result that only moved between
    mitigation states is one change of its mitigation."""
    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    gone = [k for k in before if k not in after]
    came = [k for k in after if k not in before]
    moved = _moved(gone, came, before, after)
    for name in before:
        if name in after:
            yield from _fields(name, _own(before[name]), _own(after[name]))
        elif name in moved:
            target = moved[name]
            yield Change(
                target,
                "mitigation",
                "changed",
                before[name].get("mitigation", "pre"),
                after[target].get("mitigation", "pre"),
            )
            yield from _fields(target, _own(before[name]), _own(after[target]))
        else:
            yield Change(name, "", "removed", before=_own(before[name]))
    for name in came:
        if name not in moved.values():
            yield Change(name, "", "added", after=_own(after[name]))


def _moved(
    gone: list[str], came: list[str], before: dict[str, Any], after: dict[str, Any]
) -> dict[str, str]:
    """Results removed and added for the same evaluation in one commit: the same result, whose
    mitigation state changed (only when the pairing is unambiguous)."""
    evaluations = [before[k].get("evaluation") for k in gone]
    pairs: dict[str, str] = {}
    for name in gone:
        evaluation = before[name].get("evaluation")
        if evaluation is None or evaluations.count(evaluation) != 1:
            continue
        matches = [k for k in came if after[k].get("evaluation") == evaluation]
        if len(matches) == 1:
            pairs[name] = matches[0]
    return pairs


def _own(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in ("evaluation", "safeguard", "mitigation")}


def _fields(subject: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for key in [*old, *(k for k in new if k not in old)]:
        yield from _field(subject, key, old.get(key), new.get(key))


def _field(subject: str, key: str, old: Any, new: Any) -> Iterator[Change]:
    if old == new:
        return
    if isinstance(old, list) or isinstance(new, list):
        was, now = list(old or []), list(new or [])
        for value in now:
            if value not in was:
                yield Change(subject, key, "included", after=value)
        for value in was:
            if value not in now:
                yield Change(subject, key, "excluded", before=value)
    elif old is None:
        yield Change(subject, key, "added", after=new)
    elif new is None:
        yield Change(subject, key, "removed", before=old)
    elif _prose(old) or _prose(new):
        yield Change(subject, key, "reworded", old, new)
    else:
        yield Change(subject, key, "changed", old, new)


def _prose(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > _PROSE or "\n" in value)
