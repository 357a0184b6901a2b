"""Frameworks side by side as one self-contained HTML page (``prepctl compare -f html``).

It is laid out with the published document's HTML environment (autoescape on, templates shipped
in the wheel) and stylesheet, with a few rules of its own; as there, a Content-Security-Policy
allows only that stylesheet, by its hash, so no script runs and nothing is fetched.
"""

from __future__ import annotations

import base64
import hashlib

from markupsafe import Markup

from prepctl import __version__
from prepctl.core.compare import Comparison
from prepctl.render.templating import html_environment

TEMPLATE = "html/compare.html.j2"
_STYLE = """
.page { max-width: none; }
table.compare { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.compare th, table.compare td { vertical-align: top; text-align: left; padding: .4rem .5rem;
  border-top: 1px solid var(--rule, #d8dee6); font-size: .9rem; overflow-wrap: anywhere; }
table.compare thead th { font-size: .95rem; }
table.compare tbody th { width: 14rem; font-weight: 600; }
table.compare ul { margin: 0; padding-left: 1rem; }
table.compare td.nothing { color: var(--muted); }
table.compare td.stricter { background: #eef7f0; }
.stricter-mark { display: inline-block; margin-top: .25rem; font-size: .75rem; font-weight: 700;
  color: #17663a; text-transform: uppercase; letter-spacing: .04em; }
.rule { display: block; font-weight: 400; font-size: .75rem; color: var(--muted); }
.gaps { font-size: .9rem; }
.legend { font-size: .9rem; color: var(--muted); }
"""


def page(comparison: Comparison) -> str:
    environment = html_environment()
    style = environment.get_template("html/style.css").render() + _STYLE
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    return environment.get_template(TEMPLATE).render(
        version=__version__,
        comparison=comparison,
        titles=[side.title for side in comparison.frameworks],
        concepts=[concept for concept in comparison.concepts if concept.rows],
        # Our own stylesheet, not framework text: safe to insert as it is.
        style=Markup(style),
        style_hash=f"sha256-{digest}",
    )
