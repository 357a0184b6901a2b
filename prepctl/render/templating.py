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

Compiling the templates costs more than rendering a large framework with them, so compiled
templates are kept between runs in the user's cache folder (``$XDG_CACHE_HOME/prepctl``, else
``~/.cache/prepctl``), one folder per environment and per combination of everything the
compiled code depends on besides the template: prepctl's version and rendering modules
(Jinja2 runs filters and ``finalize`` on constant arguments while compiling, as in
``{{ "/levels"|anchor }}``, and keeps the result in the code), Jinja2, MarkupSafe and Python.
Jinja2 itself checks each template's source against the checksum stored with its code. A
cache that cannot be read or written, or a damaged file in it, only means compiling again; a
cache folder another user could write to is not used.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import markupsafe
from jinja2.bccache import Bucket
from markupsafe import Markup

from prepctl import __version__, terminal
from prepctl.io import user_cache
from prepctl.render import prose
from prepctl.render.values import human_date, label
from prepctl.render.view import LevelTag, Link, Section
from prepctl.terminal import safe


class Markdown(str):
    """Text already fit for a Markdown document; the Markdown environment prints it as is."""


def fragment(where: str) -> str:
    """The link to an anchor: '#' and the address, percent-encoded where a URL needs it."""
    return "#" + quote(where, safe="/~-._!$&'()*+,;=:@#")


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in a folder, each written whole (to a temporary file, then renamed)
    so that a concurrent run never reads half of one."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._checked = False
        self._usable = False

    def usable(self) -> bool:
        """Whether the folder may be read: on POSIX, it must be ours and writable by no one
        else, since what it holds is run as code."""
        if not self._checked:
            self._checked = True
            try:
                status = self.directory.stat()
            except OSError:
                return False  # not made yet: nothing to read; checked again once it is
            self._usable = user_cache.ours(status)
        return self._usable

    def load_bytecode(self, bucket: Bucket) -> None:
        if not self.usable():
            return
        try:
            # The file itself must be ours too, as opened (not as found by name, which another
            # user able to rename a folder above could change after the check), and not a link.
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
            with os.fdopen(os.open(self.directory / bucket.key, flags), "rb") as stream:
                if not user_cache.ours(os.fstat(stream.fileno())):
                    return
                bucket.load_bytecode(stream)
        except Exception:  # missing, unreadable or damaged (Bucket checks the rest)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            if not self.directory.parent.exists():
                # The first run of this code: make room by dropping what older code compiled.
                _prune(self.directory.parent)
            user_cache.make_private(self.directory)
            self._checked = False
            if not self.usable():
                return
            descriptor, name = tempfile.mkstemp(
                prefix=f".{bucket.key}.", suffix=".tmp", dir=self.directory
            )
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    bucket.write_bytecode(stream)
                os.replace(name, self.directory / bucket.key)
            except BaseException:
                Path(name).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only or full disk: the next run compiles again


# How many other combinations (other versions of prepctl, of Jinja2 or of Python, or code
# being edited) keep their compiled templates; the rest are removed.
_KEPT = 8
_TAG_LENGTH = 32


def _prune(tag: Path) -> None:
    """Remove the compiled templates of all but the :data:`_KEPT` most recently written
    combinations other than ``tag``, so that the cache does not grow with every upgrade."""
    import shutil

    try:
        others = [
            folder
            for folder in tag.parent.iterdir()
            if folder != tag
            and len(folder.name) == _TAG_LENGTH
            and all(c in "0123456789abcdef" for c in folder.name)
            and folder.is_dir()
            and not folder.is_symlink()
        ]
        others.sort(key=lambda folder: folder.stat().st_mtime, reverse=True)
    except OSError:
        return
    for folder in others[_KEPT:]:
        shutil.rmtree(folder, ignore_errors=True)


@cache
def _cache_tag() -> str | None:
    """A digest of everything besides a template's source that its compiled code depends on:
    prepctl's rendering modules (these environments, their filters and ``finalize``, and what
    those call), MarkupSafe, Jinja2 and Python; None when a module is not in a file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # in case a later Jinja2 deprecates the attribute
        jinja = str(getattr(jinja2, "__version__", ""))
    modules = sorted(Path(__file__).parent.glob("*.py"))
    others = [terminal.__file__, markupsafe.__file__]
    if Path(__file__) not in modules or None in others:
        return None
    files = [*modules, *(Path(str(f)) for f in others)]
    digest = hashlib.sha256()
    parts = [__version__, jinja, sys.implementation.cache_tag or "", sys.version]
    digest.update("\0".join(parts).encode("utf-8"))
    try:
        for path in files:
            digest.update(b"\0" + path.name.encode("utf-8") + b"\0" + path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:_TAG_LENGTH]


def _compiled_templates(kind: str) -> CompiledTemplates | None:
    folder = user_cache.folder()
    tag = _cache_tag()
    if folder is None or tag is None:
        return None
    return CompiledTemplates(folder / "templates" / tag / kind)


def _environment(
    kind: str, autoescape: bool, finalize: Callable[[Any], Any] | None
) -> jinja2.Environment:
    # Not a SandboxedEnvironment: the templates are prepctl's own files, and framework text is
    # only ever data passed to them, never compiled as a template.
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("prepctl.render", "templates"),
        bytecode_cache=_compiled_templates(kind),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    environment.filters["date"] = human_date
    environment.filters["fragment"] = fragment
    environment.filters["label"] = label
    return environment


def _shown_as_is(text: str) -> bool:
    """Whether ``safe`` would leave ``text`` as it is: printable ASCII holds no control
    character and no bidirectional override (a quick test for the common case)."""
    return text.isascii() and text.isprintable()


def _html_finalize(value: Any) -> Any:
    if not isinstance(value, str) or _shown_as_is(value):
        return value
    shown = safe(value)
    # The escapes are plain ASCII letters and backslashes: markup stays markup.
    return Markup(shown) if isinstance(value, Markup) else shown


@cache
def html_environment() -> jinja2.Environment:
    environment = _environment("html", True, _html_finalize)
    environment.filters["prose"] = _html_prose
    return environment


def _html_prose(text: str, top: int = 4) -> Markup:
    # markdown-it escapes all text and renders no raw HTML, so its output is safe to mark so.
    return Markup(prose.to_html(text, top=top))


@cache
def markdown_environment() -> jinja2.Environment:
    environment = _environment("markdown", False, _markdown_finalize)
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
    text = value if isinstance(value, Markdown) else prose.plain(value)
    return text if _shown_as_is(text) else safe(text)


def _markdown_prose(text: str, indent: int = 0, top: int = 4) -> Markdown:
    """Prose as Markdown; lines after the first indented to sit inside a list item."""
    return Markdown(prose.prose(text, indent=indent, top=top))


def _markdown_cell(text: str) -> Markdown:
    """Prose inside a table cell: one line, with pipes escaped."""
    return Markdown(prose.cell(text))


def _markdown_anchor(where: str) -> Markdown:
    # GitHub keeps the id of raw <a> elements but prefixes it with 'user-content-', and its
    # page script maps '#x' to 'user-content-x', so '#/safeguards/x' links work there.
    return Markdown(f'<a id="{_attribute(where)}"></a>')


# What html.escape(text, quote=True) does, without importing html (and its table of entities).
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _attribute(text: str) -> str:
    """Text escaped for an HTML attribute value in double quotes, as ``html.escape`` does."""
    return text.translate(_ATTRIBUTE)


def _markdown_link(link: Link) -> Markdown:
    text = prose.plain(link.text)
    if link.target is None:
        return Markdown(text)
    return Markdown(f"[{text}](<{fragment(link.target)}>)")


def _markdown_links(links: list[Link], empty: str = "none") -> Markdown:
    return Markdown(", ".join(_markdown_link(link) for link in links) or empty)


def _markdown_level(tag: LevelTag) -> Markdown:
    return Markdown(f"**{_markdown_link(Link(tag.name, tag.target))}**")


def _markdown_section(section: Section) -> Markdown:
    return _markdown_link(Link(section.title, section.anchor))
