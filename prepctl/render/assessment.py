"""An assessment published: the scorecard, the capabilities report and the safeguards report
as HTML, Markdown or PDF, laid out like the framework document and escaped the same way.

The HTML is one self-contained file under the same Content-Security-Policy as the framework
document (:func:`prepctl.render.html.page`); the Markdown is written by the environment that
escapes every value; the PDF is the HTML printed by headless Chromium, dated on the day of the
assessment and signed off with the SHA-256 of the HTML it was printed from, as
:mod:`prepctl.render.pdf` does for the framework. The same input gives the same HTML and
Markdown, byte for byte.
"""

from __future__ import annotations

import hashlib

from prepctl.render.assessment_view import AssessmentView
from prepctl.render.templating import markdown_environment

STYLESHEETS = ["html/style.css", "html/assessment.css"]


def render(view: AssessmentView, format_name: str) -> str | bytes:
    """The report in one of :data:`prepctl.render.FORMATS`' formats."""
    if format_name == "md":
        return markdown(view)
    printed = html(view)
    if format_name == "html":
        return printed
    from prepctl.io import chromium
    from prepctl.render import pdf

    data = pdf.stamp(chromium.print_pdf(printed), view.effective)
    digest = hashlib.sha256(printed.encode("utf-8")).hexdigest()
    return pdf.sign_off(data, digest, view.source.edition, None)


def html(view: AssessmentView) -> str:
    from prepctl.render.html import page

    return page("html/assessment.html.j2", STYLESHEETS, report=view)


def markdown(view: AssessmentView) -> str:
    text = markdown_environment().get_template("markdown/assessment.md.j2").render(report=view)
    # As for the framework document: runs of blank lines left by optional parts become one.
    lines: list[str] = []
    for line in text.split("\n"):
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n") + "\n"
