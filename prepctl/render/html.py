"""The published framework as one self-contained HTML file.

Everything the page needs is inside it: the stylesheet is inline and no font, script or image
is fetched. A Content-Security-Policy in the page allows only that stylesheet (by its hash),
so even text that slipped past escaping could neither run nor load anything.

With a :class:`~prepctl.render.marks.Redline`, the same document marks every change from
another version in place, and carries the redline's own stylesheet as well. Other pages (the
index of ``prepctl site``) are built the same way, with :func:`page`.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from prepctl.render.placement import Placement
from prepctl.render.templating import html_environment
from prepctl.render.view import Framework

if TYPE_CHECKING:
    from prepctl.render.marks import Redline


def render(framework: Framework, redline: Redline | None = None) -> str:
    placement = Placement(redline, framework.anchors)
    sheets = ["html/style.css"] + (["html/redline.css"] if redline is not None else [])
    return page("html/document.html.j2", sheets, framework=framework, redline=placement)


def page(template: str, sheets: list[str], **context: Any) -> str:
    """A page of ``template`` with the ``sheets`` inline and allowed by their hash."""
    environment = html_environment()
    style = "".join(environment.get_template(sheet).render() for sheet in sheets)
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    return environment.get_template(template).render(
        # Our own stylesheet, not framework text: safe to insert as it is.
        style=Markup(style),
        style_hash=f"sha256-{digest}",
        **context,
    )
