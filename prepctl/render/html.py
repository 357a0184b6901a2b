"""The published framework as one self-contained HTML file.

Everything the page needs is inside it: the stylesheet is inline and no font, script or image
is fetched. A Content-Security-Policy in the page allows only that stylesheet (by its hash),
so even text that slipped past escaping could neither run nor load anything.
"""

from __future__ import annotations

import base64
import hashlib

from markupsafe import Markup

from prepctl.render.model import Framework
from prepctl.render.templating import html_environment


def render(framework: Framework) -> str:
    environment = html_environment()
    style = environment.get_template("html/style.css").render()
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    return environment.get_template("html/document.html.j2").render(
        framework=framework,
        # Our own stylesheet, not framework text: safe to insert as it is.
        style=Markup(style),
        style_hash=f"sha256-{digest}",
    )
