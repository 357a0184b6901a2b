"""What an export produces."""

from __future__ import annotations

from typing import NamedTuple


class Export(NamedTuple):
    """An exported document, what of the framework it could not carry, and how many
    commitments it holds."""

    text: str
    losses: list[str]
    commitments: int
