"""The public edition applied to a view and to a redline.

A public redline never shows what changed inside a redacted item: each of its changes keeps
its impact and its change record, and says only that a redacted item changed. The table of
contents names a withheld item by its reason.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from prepctl.core import address
from prepctl.core.confidential import Redaction
from prepctl.render.edition import Edition
from prepctl.render.marks import Mark, Redline
from prepctl.render.view import Framework, Link, Section


def redact_redline(redline: Redline, withheld: list[Redaction]) -> Redline:
    """A redline for the public edition: every change inside an item either version withholds
    is moved onto the item and stripped of its content."""
    if not withheld:
        return redline
    marks = [_redacted(mark, withheld) for mark in redline.marks]
    return dataclasses.replace(redline, marks=marks)


def _covering(where: str | None, withheld: list[Redaction]) -> Redaction | None:
    if where is None:
        return None
    return next((r for r in withheld if address.is_within(where, r.address)), None)


def _redacted(mark: Mark, withheld: list[Redaction]) -> Mark:
    covering = _covering(mark.address, withheld) or _covering(mark.base_address, withheld)
    if covering is None:
        return mark
    return dataclasses.replace(
        mark,
        address=covering.address if mark.kind != "removed" else mark.address,
        base_address=None if mark.kind != "removed" else mark.base_address,
        kind="modified" if mark.kind != "removed" else "removed",
        detail=f"a redacted item changed (withheld: {covering.reason_words})",
        what="redacted item",
        title="",
        before=None,
        after=None,
        before_text="",
        after_text="",
        words=[],
    )


def apply(view: Framework, edition: Edition) -> Framework:
    """The view as ``edition`` shows it: the table of contents and every link name a withheld
    item by its reason, never by the title it had."""

    def titled(section: Section) -> Section:
        withheld = edition.withheld(section.anchor)
        title = f"Redacted ({withheld.reason_words})" if withheld is not None else section.title
        return section._replace(title=title, children=[titled(c) for c in section.children])

    shown = view._replace(contents=[titled(s) for s in view.contents], edition=edition)
    if not edition.withholds:
        return shown
    renamed = _relinked(shown, edition)
    assert isinstance(renamed, Framework)
    return renamed


def _relinked(value: Any, edition: Edition) -> Any:
    """``value`` with every link to a withheld item named by its reason."""
    if isinstance(value, Link):
        withheld = edition.withheld(value.target) if value.target is not None else None
        if withheld is None:
            return value
        return value._replace(text=f"Redacted ({withheld.reason_words})")
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        fields = {f: _relinked(getattr(value, f), edition) for f in value._fields}
        return type(value)(**fields)
    if isinstance(value, list):
        return [_relinked(item, edition) for item in value]
    if isinstance(value, tuple):
        return tuple(_relinked(item, edition) for item in value)
    return value
