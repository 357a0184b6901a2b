"""The Jinja2 environments the formats render with: the one module that imports Jinja2.

Templates are files in ``prepctl/render/templates/``, shipped in the wheel. They are ours, so
the environments are not sandboxed: sandboxing guards against untrusted *templates*, and no
framework text is ever a template. Framework strings reach a template only as data (the view
model), never through ``from_string`` or ``Template(...)``, so ``{{ 7*7 }}`` in a summary is
text. StrictUndefined turns a misspelt field in a template into an error instead of an empty
string that would silently drop content.

HTML escapes every value (autoescape on). Markdown has no autoescape of its own, so its
environment escapes in ``finalize``: every value printed is run through
:func:`prose.plain` unless a filter already made it :class:`Markdown` (prose, links, anchors).
Forgetting a filter therefore over-escapes; it never lets syntax through. (A macro's output
is Markdown the templates built from escaped parts, so calls to macros are marked ``|raw``.)
Both environments' ``finalize`` also show control characters and bidirectional overrides as
escapes (``\\x1b``, ``\\u202e``; YAML's ``"\\e"`` can put an ESC in any text), whatever the
value and however it was built: a document printed to a terminal cannot drive it, and what a
reader sees is what the file says.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from prepctl.render import model, prose
from prepctl.terminal import safe


class Markdown(str):
    """Text already fit for a Markdown document; the Markdown environment prints it as is."""


def fragment(where: str) -> str:
    """The link to an anchor: '#' and the address, percent-encoded where a URL needs it."""
    return "#" + quote(where, safe="/~-._!$&'()*+,;=:@#")


def _environment(autoescape: bool, finalize: Callable[[Any], Any] | None) -> jinja2.Environment:
    # Not a SandboxedEnvironment: the templates are prepctl's own files, and framework text is
    # only ever data passed to them, never compiled as a template.
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("prepctl.render", "templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    environment.filters["date"] = model.human_date
    environment.filters["fragment"] = fragment
    environment.filters["label"] = model.label
    return environment


def _html_finalize(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    shown = safe(value)
    # The escapes are plain ASCII letters and backslashes: markup stays markup.
    return Markup(shown) if isinstance(value, Markup) else shown


@cache
def html_environment() -> jinja2.Environment:
    environment = _environment(True, _html_finalize)
    environment.filters["prose"] = _html_prose
    return environment


def _html_prose(text: str, top: int = 4) -> Markup:
    # markdown-it escapes all text and renders no raw HTML, so its output is safe to mark so.
    return Markup(prose.to_html(text, top=top))


@cache
def markdown_environment() -> jinja2.Environment:
    environment = _environment(False, _markdown_finalize)
    environment.filters.update(
        prose=_markdown_prose,
        cell=_markdown_cell,
        anchor=_markdown_anchor,
        link=_markdown_link,
        links=_markdown_links,
        level=_markdown_level,
        toc=_markdown_section,
        raw=Markdown,
    )
    return environment


def _markdown_finalize(value: Any) -> str:
    return safe(value if isinstance(value, Markdown) else prose.plain(value))


def _markdown_prose(text: str, indent: int = 0) -> Markdown:
    """Prose as Markdown; lines after the first indented to sit inside a list item."""
    lines = prose.prose(text).split("\n")
    pad = " " * indent
    return Markdown("\n".join([lines[0], *(pad + line if line else "" for line in lines[1:])]))


def _markdown_cell(text: str) -> Markdown:
    """Prose inside a table cell: one line, with pipes escaped."""
    flat = " ".join(prose.prose(text).split())
    return Markdown(flat.replace("|", "\\|"))


def _markdown_anchor(where: str) -> Markdown:
    # GitHub keeps the id of raw <a> elements but prefixes it with 'user-content-', and its
    # page script maps '#x' to 'user-content-x', so '#/safeguards/x' links work there.
    return Markdown(f'<a id="{html.escape(where, quote=True)}"></a>')


def _markdown_link(link: model.Link) -> Markdown:
    text = prose.plain(link.text)
    if link.target is None:
        return Markdown(text)
    return Markdown(f"[{text}](<{fragment(link.target)}>)")


def _markdown_links(links: list[model.Link], empty: str = "none") -> Markdown:
    return Markdown(", ".join(_markdown_link(link) for link in links) or empty)


def _markdown_level(tag: model.LevelTag) -> Markdown:
    return Markdown(f"**{_markdown_link(model.Link(tag.name, tag.target))}**")


def _markdown_section(section: model.Section) -> Markdown:
    return _markdown_link(model.Link(section.title, section.anchor))
