"""What a change is named by: the one rule the diff's details and the redline's words share."""

from __future__ import annotations

from collections.abc import Callable

from prepctl.core import address

FRAMEWORK = "framework"


def named_by(where: str, is_list: Callable[[str], bool]) -> str:
    """The key that names what stands at an address: for an item of a list, the list's key
    (its collection: ``thresholds``), for anything else its own key, and ``framework`` for the
    root. ``is_list`` says whether the value at an address is a list."""
    segments = address.split(where)
    if not segments:
        return FRAMEWORK
    parent = address.parent(where)
    if is_list(parent):
        return address.split(parent)[-1] if parent else FRAMEWORK
    return segments[-1]
