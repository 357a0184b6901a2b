"""What the view builders share while they build one view.

A :class:`Context` holds the document, every anchor given so far (a link may only point at an
anchor the document has), and what references can name: levels, governance bodies, safeguards
and tracking criteria by id, each with its name and address. The functions here read a field
defensively, since a value of the wrong type is the schema's to report, not the view's.
"""

from __future__ import annotations

from typing import Any

from prepctl.core import address, compliance
from prepctl.core.document import Document, item_segments
from prepctl.render.values import force_word, label
from prepctl.render.view import LevelTag, Link, Statement


def text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


def optional(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def flag(data: dict[str, Any], key: str) -> bool | None:
    value = data.get(key)
    return value if isinstance(value, bool) else None


def mappings(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    return [str(item) for item in value] if isinstance(value, list) else []


def addressed(where: str, items: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each item with its address, named as the document names it (by id, '#N' if repeated)."""
    return [
        (address.join(where, segment), item)
        for segment, item in zip(item_segments(items, "id"), items, strict=True)
    ]


def nearest(where: str, anchors: set[str]) -> str | None:
    """The anchor of an address, or of its nearest ancestor that has one (a field such as
    ``/safeguards/x/standards`` is shown within its safeguard)."""
    while where not in anchors:
        if where in (address.ROOT, "/"):
            return None
        where = address.parent(where)
    return where


class Context:
    """The state of one view being built."""

    def __init__(self, document: Document, catalogue: compliance.Catalogue) -> None:
        self.document = document
        self.data = document.data
        self.catalogue = catalogue
        self.profiles: dict[str, compliance.Profile | None] = {}
        # The coverage of the claimed profiles, and the requirements the appendix lists.
        self.coverage: compliance.Coverage | None = None
        self.listed: set[str] = set()
        self.anchors: set[str] = set()
        self.level_tags: dict[str, LevelTag] = {}
        self.bodies: dict[str, Link] = {}
        self.safeguards: dict[str, Link] = {}
        self.criteria: dict[str, Link] = {}
        self.required_by: dict[str, list[Link]] = {}

    def anchor(self, where: str) -> str:
        self.anchors.add(where)
        return where

    def index(
        self, table: dict[str, Link], where: str, items: list[dict[str, Any]], name: str | None
    ) -> None:
        """Note the address and name of every item a reference can name."""
        for item_address, item in addressed(where, items):
            item_id = text(item, "id")
            # Tracking criteria have no name: their id, in words, stands for it.
            shown = text(item, name) if name is not None else label(item_id)
            table.setdefault(item_id, Link(shown or item_id, item_address))

    def body(self, value: Any) -> Link | None:
        if value is None:
            return None
        return self.bodies.get(str(value), Link(str(value)))

    def bodies_of(self, data: dict[str, Any], key: str) -> list[Link]:
        return [self.bodies.get(ref, Link(ref)) for ref in strings(data, key)]

    def level(self, value: Any) -> LevelTag:
        ref = str(value)
        return self.level_tags.get(ref, LevelTag(ref, 0, len(self.level_tags), None))

    def profile(self, profile_id: str) -> compliance.Profile | None:
        if profile_id not in self.profiles:
            self.profiles[profile_id] = self.catalogue.get(profile_id)
        return self.profiles[profile_id]

    def statements(self, where: str, data: dict[str, Any], key: str) -> list[Statement]:
        return [
            Statement(
                self.anchor(item_address),
                text(item, "id"),
                text(item, "text"),
                force_word(item),
            )
            for item_address, item in addressed(f"{where}/{key}", mappings(data, key))
        ]
