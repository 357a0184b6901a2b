"""Where a framework claims compliance profiles and maps its items to their requirements.

A framework **claims** profiles in its manifest, in the list the schema marks
``x-prepctl-compliance: "claims"`` (``compliance.claims``), and maps its items to requirements
next to their content: every list the schemas declare as :data:`MAPPINGS` (``satisfies``) names
each requirement the item holding it meets, as ``profile/requirement``. Both are found through
the schema, never by a field's name.
"""

from __future__ import annotations

from typing import NamedTuple

from prepctl.core import address, meaning, walk
from prepctl.core.document import Document, Location

MAPPINGS = "common.schema.json#/$defs/satisfies"
"""The shared definition of a list of compliance mappings."""


class Claim(NamedTuple):
    """A profile the framework claims, where the claim is written."""

    profile: str
    address: str
    location: Location | None


class Mapping(NamedTuple):
    """One ``satisfies`` entry: a requirement named by the item at ``holder``."""

    text: str
    holder: str
    address: str
    location: Location

    @property
    def profile(self) -> str:
        return self.text.partition("/")[0]

    @property
    def requirement(self) -> str:
        return self.text.partition("/")[2]

    @property
    def well_formed(self) -> bool:
        profile, slash, requirement = self.text.partition("/")
        return bool(profile and slash and requirement)


def claims(document: Document) -> list[Claim]:
    """The profiles the manifest claims, in the order written (text values only)."""
    listed = meaning.claims_address()
    written = document.get(listed) if listed is not None else None
    if listed is None or not isinstance(written, list):
        return []
    found: list[Claim] = []
    for value in written:
        if isinstance(value, str) and all(c.profile != value for c in found):
            where = address.join(listed, value)
            found.append(Claim(value, where, document.location(where)))
    return found


def mappings(document: Document) -> list[Mapping]:
    """Every mapping of the framework (each entry of a list the schema declares as
    :data:`MAPPINGS`), files in document order."""
    found: list[Mapping] = []
    for place in walk.places(document):
        if (
            not place.path
            or place.node is None
            or not isinstance(place.value, list)
            or not place.node.is_a(MAPPINGS)
        ):
            continue
        holder = address.parent(place.address)
        for index, value in enumerate(place.value):
            if isinstance(value, str):
                path = (*place.path, index)
                found.append(
                    Mapping(value, holder, place.file.address(path), place.file.location(path))
                )
    return found


def mapping_keys(node: meaning.SchemaNode | None) -> list[str]:
    """The keys of a mapping, whose schema is ``node``, under which it lists compliance
    mappings (the properties the schema declares as :data:`MAPPINGS`)."""
    if node is None:
        return []
    found = []
    for key in node.properties():
        entry = node.entry(key)
        if entry is not None and entry.is_a(MAPPINGS):
            found.append(key)
    return found
