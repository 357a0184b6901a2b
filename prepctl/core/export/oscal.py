"""A framework version as an OSCAL 1.1.3 catalog of its commitments.

Each commitment (:mod:`prepctl.core.export.commitments`) is a control: its commitment text is
the control's ``statement`` part, its other prose ``guidance`` parts, its plain values (a
rule's stage and effect, a duration, a bar's parameters) and its force and level props in
prepctl's namespace, and the items it names (a threshold's safeguards, a decision's bodies)
links to their controls or groups. A control standing inside another commitment (a rule of a
level, a measure of a safeguard) is a child of that control. Controls are grouped by the
framework's top-level parts, and a collection's items (each category) are groups of their own
unless the item is itself a commitment. Every control and group carries its prepctl address
in an ``address`` prop.

OSCAL 1.1's catalog has no mapping model (that came with OSCAL 1.2), so the compliance
mappings go the way a 1.1 catalog can carry them: each compliance profile the framework claims
or maps to is a back-matter resource, and each ``satisfies`` entry a link from the item's
control (or group, or the catalog's metadata for the framework as a whole) to that resource,
with ``rel: satisfies`` and the requirement as the resource fragment.

The output is the same bytes for the same framework: every UUID is a name-based (version 5)
UUID of the framework's name, version and the address it stands for, and ``last-modified`` is
the framework's effective date.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from prepctl.core import address, compliance, meaning, walk
from prepctl.core.document import Document
from prepctl.core.export import commitments
from prepctl.core.export.result import Export

OSCAL_VERSION = "1.1.3"
NAMESPACE = "urn:prepctl:oscal"
"""The namespace of prepctl's props (a name, not a place to fetch)."""

_UUIDS = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9._-]")
_PROP_VALUE = re.compile(r"^\S(.*\S)?$")


def export(document: Document, catalogue: compliance.Catalogue) -> Export:
    """The OSCAL catalog of a (valid) framework version, as JSON text."""
    return _Builder(document, catalogue).build()


class _Builder:
    def __init__(self, document: Document, catalogue: compliance.Catalogue) -> None:
        self.document = document
        self.catalogue = catalogue
        data = document.data
        self.name = str(data.get("name", ""))
        self.version = str(data.get("version", ""))
        self.entries = {entry.address: entry for entry in commitments.entries(document)}
        self.ids: dict[str, str] = {}
        self.taken: set[str] = set()
        self.losses: list[str] = []
        self.resources: dict[str, dict[str, Any]] = {}
        self.satisfies: dict[str, list[compliance.Mapping]] = {}
        # Each entry's nearest entry above it, in document order; and the collection items
        # that are groups (they hold entries and are none themselves).
        self.parents: dict[str, str | None] = {}
        self.group_items: set[str] = set()
        self.children: dict[str, list[str]] = {}
        self.shown: set[str] = set()  # the addresses of the texts the catalog holds
        collections = meaning.root().collections()
        for where in self.entries:
            above = address.parent(where)
            self.parents[where] = next(
                (a for a in commitments.ancestors(above) if a in self.entries), None
            )
            if self.parents[where] is not None:
                self.children.setdefault(str(self.parents[where]), []).append(where)
            segments = address.split(where)
            item = (
                address.join(address.join(address.ROOT, segments[0]), segments[1])
                if len(segments) > 1
                else None
            )
            if segments[0] in collections and item is not None and item not in self.entries:
                self.group_items.add(item)

    def uuid(self, what: str) -> str:
        return str(uuid.uuid5(_UUIDS, f"{self.name}\n{self.version}\n{what}"))

    def token(self, where: str, prefix: str) -> str:
        """A unique OSCAL token for an address (the same for the same address)."""
        if where in self.ids:
            return self.ids[where]
        base = prefix + _NOT_TOKEN.sub("_", ".".join(address.split(where)))
        found, count = base, 1
        while found in self.taken:
            count += 1
            found = f"{base}-{count}"
        self.taken.add(found)
        self.ids[where] = found
        return found

    def build(self) -> Export:
        for mapping in compliance.mappings(self.document):
            if mapping.well_formed:
                self.satisfies.setdefault(mapping.holder, []).append(mapping)
                self._resource(mapping.profile)
        for claim in compliance.claims(self.document):
            self._resource(claim.profile, claimed=True)
        groups = self._groups()
        catalog: dict[str, Any] = {"uuid": self.uuid("catalog"), "metadata": self._metadata()}
        if groups:
            catalog["groups"] = groups
        if self.resources:
            catalog["back-matter"] = {"resources": list(self.resources.values())}
        self._unshown()
        text = json.dumps({"catalog": catalog}, indent=2, ensure_ascii=False) + "\n"
        return Export(text, self.losses, len(self.entries))

    def _unshown(self) -> None:
        """Note the prose that stands outside every commitment and group (the framework's
        summary, its definitions, a category's threat models), by the key that holds it."""
        left: dict[str, int] = {}
        for place in walk.places(self.document):
            node = place.node
            if node is None or not node.paragraph or not isinstance(place.value, str):
                continue
            if place.address in self.shown or commitments.skipped(place.address):
                continue
            key = _pattern(place.address)
            left[key] = left.get(key, 0) + 1
        for key, count in left.items():
            self.losses.append(
                f"{key}: {count} passage{'s' if count > 1 else ''} of prose outside every "
                "commitment"
            )

    def _metadata(self) -> dict[str, Any]:
        data = self.document.data
        metadata: dict[str, Any] = {
            "title": f"{self.name} {self.version}".strip(),
            "last-modified": f"{data.get('effective', '1970-01-01')}T00:00:00Z",
            "version": self.version or "unversioned",
            "oscal-version": OSCAL_VERSION,
        }
        metadata["props"] = [self._prop("address", "/")]
        links = self._satisfies(address.ROOT)
        if links:
            metadata["links"] = links
        publisher = data.get("publisher")
        if isinstance(publisher, str) and publisher.strip():
            metadata["parties"] = [
                {"uuid": self.uuid("publisher"), "type": "organization", "name": publisher.strip()}
            ]
        metadata["remarks"] = (
            "The commitments of this framework version as exported by prepctl; each control's "
            "address prop names the item of the framework it stands for."
        )
        return metadata

    def _resource(self, profile_id: str, *, claimed: bool = False) -> None:
        if profile_id in self.resources:
            if claimed:
                self.resources[profile_id]["props"] = self._profile_props(profile_id, True)
            return
        profile = self.catalogue.get(profile_id)
        resource: dict[str, Any] = {
            "uuid": self.uuid(f"profile:{profile_id}"),
            "title": profile.name if profile is not None else profile_id,
            "props": self._profile_props(profile_id, claimed),
        }
        if profile is not None and profile.url:
            resource["rlinks"] = [{"href": profile.url}]
        if profile is not None and profile.citation:
            resource["citation"] = {"text": profile.citation}
        self.resources[profile_id] = resource

    def _profile_props(self, profile_id: str, claimed: bool) -> list[dict[str, str]]:
        return [
            self._prop("compliance-profile", profile_id),
            self._prop("claimed", "true" if claimed else "false"),
        ]

    def _satisfies(self, holder: str) -> list[dict[str, Any]]:
        links = []
        for mapping in self.satisfies.get(holder, []):
            links.append(
                {
                    "href": "#" + self.resources[mapping.profile]["uuid"],
                    "rel": "satisfies",
                    "resource-fragment": mapping.requirement,
                    "text": mapping.text,
                }
            )
        return links

    def _groups(self) -> list[dict[str, Any]]:
        """Top-level parts as groups, in the schema's order; collection items as subgroups."""
        root = meaning.root()
        collections = root.collections()
        by_top: dict[str, list[str]] = {}
        for where in self.entries:
            by_top.setdefault(address.split(where)[0], []).append(where)
        order = root.order_keys(list(by_top))
        groups = []
        for top in order:
            where = address.join(address.ROOT, top)
            group: dict[str, Any] = {"id": self.token(where, "g."), "title": _title(top)}
            group["props"] = [self._prop("address", where)]
            if top in collections:
                members = self._collection(top, by_top[top])
            else:
                members = self._controls(by_top[top])
            group.update(members)
            groups.append(group)
        return groups

    def _collection(self, top: str, inside: list[str]) -> dict[str, Any]:
        """The items of a collection: those that are commitments as controls, the others as
        subgroups holding their commitments."""
        items: dict[str, list[str]] = {}
        for where in inside:
            item = address.join(address.join(address.ROOT, top), address.split(where)[1])
            items.setdefault(item, []).append(where)
        controls, subgroups = [], []
        for item, members in items.items():
            if item in self.entries:
                controls.extend(self._controls(members).get("controls", []))
                continue
            value = self.document.get(item)
            subgroup: dict[str, Any] = {
                "id": self.token(item, "g."),
                "title": _name(value, address.split(item)[-1]),
                "props": [self._prop("address", item)],
            }
            links = self._satisfies(item)
            if links:
                subgroup["links"] = links
            node = walk.schema_at(item)
            if isinstance(value, dict) and node is not None:
                overview = commitments.Entry(item, commitments.COMMITMENT, value, node)
                parts = [self._part(subgroup["id"], item, text) for text in overview.texts()]
                self.shown.update(address.join(item, text.key) for text in overview.texts())
                if parts:
                    subgroup["parts"] = parts
            subgroup.update(self._controls(members))
            subgroups.append(subgroup)
        found: dict[str, Any] = {}
        if subgroups:
            found["groups"] = subgroups
        if controls:
            found["controls"] = controls
        return found

    def _controls(self, members: list[str]) -> dict[str, Any]:
        """The controls of ``members`` that no other member holds, each with its children."""
        inside = set(members)
        controls = [
            self._control(where) for where in members if self.parents.get(where) not in inside
        ]
        return {"controls": controls} if controls else {}

    def _control(self, where: str) -> dict[str, Any]:
        entry = self.entries[where]
        control_id = self.token(where, "")
        above = self.parents.get(where) or address.join(address.ROOT, address.split(where)[0])
        relative = " / ".join(address.split(where)[len(address.split(above)) :])
        control: dict[str, Any] = {
            "id": control_id,
            "class": entry.kind,
            "title": _name(entry.item, relative),
            "props": self._props(entry),
        }
        links = self._links(entry) + self._satisfies(where)
        if links:
            control["links"] = links
        parts = [self._part(control_id, where, text) for text in entry.texts()]
        self.shown.update(address.join(where, text.key) for text in entry.texts())
        if parts:
            control["parts"] = parts
        below = self.children.get(where, [])
        if below:
            control["controls"] = [self._control(child) for child in below]
        return control

    def _part(self, owner: str, where: str, text: commitments.Text) -> dict[str, Any]:
        """A text of an item as a part: commitment text is a ``statement``, other prose of a
        commitment ``guidance``, prose of a group (a category's summary) an ``overview``."""
        if text.kind == "commitment":
            name = "statement"
        else:
            name = "guidance" if where in self.entries else "overview"
        return {
            "id": f"{owner}_{name}.{_NOT_TOKEN.sub('_', text.key)}",
            "name": name,
            "props": [self._prop("address", address.join(where, text.key))],
            "prose": text.text,
        }

    def _props(self, entry: commitments.Entry) -> list[dict[str, Any]]:
        props = [self._prop("address", entry.address)]
        force = entry.force()
        level = commitments.level_of(entry, self.document)
        if level is not None:
            props.append(self._prop("level", level))
        seen_force = False
        for value in entry.values():
            if not _PROP_VALUE.match(value.value) or not _NOT_TOKEN.sub("", value.name):
                self.losses.append(f"{entry.address}: {value.name} is not a one-line value")
                continue
            seen_force = seen_force or (value.name == "force")
            props.append(self._prop(_NOT_TOKEN.sub("_", value.name), value.value))
        if force is not None and not seen_force:
            props.append(self._prop("force", force))
        return props

    def _links(self, entry: commitments.Entry) -> list[dict[str, Any]]:
        links = []
        for key, target in entry.references():
            if target in self.ids or target in self.entries:
                links.append(
                    {"href": "#" + self.token(target, ""), "rel": _NOT_TOKEN.sub("_", key)}
                )
            elif target in self.group_items:
                links.append(
                    {"href": "#" + self.token(target, "g."), "rel": _NOT_TOKEN.sub("_", key)}
                )
        return links

    def _prop(self, name: str, value: str) -> dict[str, str]:
        return {"name": name, "ns": NAMESPACE, "value": value}


def _pattern(where: str) -> str:
    """An address with its list items written as ``*`` (``/categories/*/summary``)."""
    node: meaning.SchemaNode | None = meaning.root()
    written = []
    for segment in address.split(where):
        listed = node is not None and "items" in node.schema
        written.append("*" if listed else segment)
        if node is not None:
            node = node.items() if listed else node.entry(segment)
    return "/" + "/".join(written)


def _title(key: str) -> str:
    return key.replace("-", " ").capitalize()


def _name(value: Any, fallback: str) -> str:
    name = value.get("name") if isinstance(value, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else fallback
