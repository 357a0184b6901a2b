"""The semantic diff of two framework versions: every change as a classified record.

Items are matched by the identity the schema declares, never by list position: before
comparing, each list becomes a mapping from its items' address segments to the items (the ids
of ``x-prepctl-identity``; ``#N`` only for lists the schema orders by position). A walk of the
two keyed trees then finds each difference once, where it is, and each becomes one
:class:`Change` at an address, with the impact :mod:`prepctl.core.classify` reads from the schema.

The walk is ours rather than DeepDiff's: on keyed trees (mappings and scalars only) it is a
dozen lines, skips equal subtrees with one C-level ``==``, and on a 5 MB framework with 11,000
changes takes 0.06 s where DeepDiff took 5 s; the tests check that both agree exactly.

A whole item added or removed is one change, not one per field. An item whose identity leaves
one parent and appears under another of the same kind (an evaluation moved between categories)
is one ``moved`` change. Change records (``x-prepctl-compare: false``) are not compared; they
justify changes instead.
"""

from __future__ import annotations

from dataclasses import replace

from prepctl.core import address, changes
from prepctl.core.diff.compare import compare, differences
from prepctl.core.diff.keyed import Keyed, keyed_pair, keyed_tree
from prepctl.core.diff.records import (
    GROUP_COLLECTION,
    Change,
    DiffResult,
    FailOn,
    Kind,
    Version,
    fails,
    group_of,
)
from prepctl.core.document import Document

__all__ = [
    "GROUP_COLLECTION",
    "Change",
    "DiffResult",
    "FailOn",
    "Keyed",
    "Kind",
    "Version",
    "compare",
    "diff",
    "differences",
    "fails",
    "group_of",
    "keyed_pair",
    "keyed_tree",
]


def diff(base: Document, head: Document, *, fail_on: FailOn = FailOn.UNJUSTIFIED) -> DiffResult:
    """Compare two versions, justify each change from the records new in ``head``. Whether the
    changes are a material modification is for the caller to set (``material``)."""
    records = changes.new_records(base, head)
    found = [
        replace(change, justified_by=record.id if record else None)
        for change in compare(base, head)
        for record in [changes.covering(records, change.addresses)]
    ]
    return DiffResult(
        base=_version(base),
        head=_version(head),
        changes=tuple(found),
        records=tuple(records),
        titles=_titles(base, head, found),
        fail_on=fail_on,
    )


def _version(doc: Document) -> Version:
    snapshot = doc.snapshot
    commit = getattr(snapshot, "commit", None) or None
    ref = getattr(snapshot, "ref", None) or None
    return Version(label=snapshot.label, revision=commit, ref=ref)


def _titles(base: Document, head: Document, found: list[Change]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for change in found:
        group = group_of(change.address)
        if group and group not in titles:
            item = head.get(group) or base.get(group)
            name = item.get("name") if isinstance(item, dict) else None
            titles[group] = name if isinstance(name, str) and name else address.split(group)[-1]
    return titles
