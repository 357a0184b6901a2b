"""The classified changes of one framework file between two versions, each read alone (as
git's diff driver sees a file): no change records, no other files."""

from __future__ import annotations

from prepctl.core import diff, partial


def classify(
    old_path: str, before: bytes | None, new_path: str, after: bytes | None
) -> list[diff.Change] | None:
    """The changes from ``before`` (at ``old_path`` in the repository, None when the file is
    new) to ``after``; None when the file is not compared: not a framework file, moved out of
    its place in the framework, or a change record (records explain changes; they are not
    commitments to classify). Raises :class:`~prepctl.errors.PrepctlError` when either
    version cannot be read."""
    old, new = partial.place(old_path), partial.place(new_path)
    if old is None or new is None or not _same_kind(old, new) or not new.compared:
        return None
    return diff.compare(partial.load(old, before), partial.load(new, after))


def _same_kind(old: partial.Place, new: partial.Place) -> bool:
    """Both paths name the same part of the same framework (a renamed item file included)."""
    return (old.folder, old.collection) == (new.folder, new.collection)
