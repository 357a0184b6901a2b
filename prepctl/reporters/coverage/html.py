"""The coverage matrix as one self-contained HTML page.

It uses the render package's HTML environment (autoescape on, templates shipped in the wheel)
and the published document's stylesheet, with a few rules of its own; as there, a
Content-Security-Policy allows only that stylesheet, by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any, TextIO

from markupsafe import Markup

from prepctl import __version__
from prepctl.core.compliance import Coverage, ProfileCoverage
from prepctl.render.templating import html_environment
from prepctl.reporters.coverage.common import (
    claim_text,
    dated,
    finding_counts,
    headline,
    profile_count,
    totals,
)

TEMPLATE = "coverage.html.j2"
_STYLE = """
.covered { color: #17663a; font-weight: 700; }
.uncovered { color: #9b2317; font-weight: 700; }
.claimed { color: #7a4d00; font-weight: 700; }
td.error { color: #9b2317; font-weight: 700; }
td.warning { color: #7a4d00; font-weight: 700; }
.matrix td:first-child { text-align: center; width: 2rem; }
.matrix td:nth-child(3) { white-space: nowrap; }
.matrix .summary { margin: .35rem 0 0; color: var(--muted); }
.caveats { font-size: .88rem; color: var(--muted); }
"""


def _profile(entry: ProfileCoverage) -> dict[str, Any]:
    notes = [*entry.profile.caveats]
    notes += [
        f"{row.requirement.id}: {row.requirement.note}"
        for row in entry.rows
        if row.requirement.note
    ]
    notes += [
        f"{kind}: {rule['note']}"
        for kind, rule in entry.profile.rules.items()
        if isinstance(rule.get("note"), str)
    ]
    return {
        "profile": entry.profile,
        "claimed": entry.claimed,
        "covered": entry.covered,
        "total": entry.total,
        "count": profile_count(entry),
        "rows": [
            {
                "requirement": row.requirement,
                "state": row.state,
                "addresses": row.addresses,
                # Each claim as the address and the words after it.
                "claims": [claim_text(holder).partition(" ")[::2] for holder in row.claims],
            }
            for row in entry.rows
        ],
        "dated": dated(entry.profile),
        "notes": notes,
    }


def render(coverage: Coverage) -> str:
    environment = html_environment()
    style = environment.get_template("html/style.css").render() + _STYLE
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    return environment.get_template(TEMPLATE).render(
        version=__version__,
        headline=headline(coverage),
        label=coverage.label or ".",
        totals=totals(coverage),
        counts=finding_counts(coverage),
        profiles=[_profile(entry) for entry in coverage.profiles],
        findings=coverage.findings,
        # Our own stylesheet, not framework or profile text: safe to insert as it is.
        style=Markup(style),
        style_hash=f"sha256-{digest}",
    )


def report(coverage: Coverage, stream: TextIO, color: bool) -> None:
    stream.write(render(coverage))
