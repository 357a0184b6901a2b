"""Reading rendered documents (HTML trees, Markdown as GitHub parses it) and hostile text to
render."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from helpers import FRAMEWORK
from prepctl.core import document, source

SAFE_HREF = ("#", "http:", "https:", "mailto:")


VOID = {"meta", "br", "img", "hr", "input", "link", "col", "wbr", "source", "area", "base"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def ids(root: Element) -> list[str]:
    return [e.attrs["id"] for e in root.walk() if "id" in e.attrs]


def by_id(root: Element, wanted: str) -> Element:
    return next(e for e in root.walk() if e.attrs.get("id") == wanted)


def data_of(folder: Path) -> dict[str, Any]:
    return document.load(source.read_directory(folder)).data


class _TrustingMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return True


def markdown_as_github_would_parse_it(text: str) -> Element:
    """Our Markdown, read as a renderer with no sanitiser would: raw HTML on, any link kept
    (GitHub parses like this, then sanitises; a wiki may not)."""
    parser = _TrustingMarkdown("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return parse_html(parser.render(text))


SCRIPT = "<script>alert(1)</script>"


TEMPLATE = "{{ 7*7 }}"


RAW = "{% raw %}"


ATTRIBUTE = '" onmouseover="x'


LINK = "[link](javascript:alert(1))"


BLOCK = '<div onclick="x">\n<img src=x onerror=alert(1)>\n</div>'


HOSTILE_NAME = f"Hostile {SCRIPT} {TEMPLATE} {RAW} {ATTRIBUTE} end"


HOSTILE_PROSE = f"Prose {SCRIPT} {TEMPLATE} {RAW} {ATTRIBUTE} {LINK} end.\n\n{BLOCK}\n"


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def hostile_framework(tmp_path: Path) -> Path:
    """The shipped framework with script, template, attribute and link payloads in its names
    and prose (all of it still valid against the schemas)."""
    folder = tmp_path / "hostile" / "framework"
    shutil.copytree(FRAMEWORK, folder)

    def manifest(data: dict[str, Any]) -> None:
        data["name"] = HOSTILE_NAME
        data["summary"] = HOSTILE_PROSE
        data["definitions"][0]["term"] = HOSTILE_NAME
        data["governance"]["bodies"][0]["name"] = HOSTILE_NAME
        data["sources"].append(HOSTILE_NAME)

    def category(data: dict[str, Any]) -> None:
        data["name"] = HOSTILE_NAME
        data["summary"] = HOSTILE_PROSE
        data["thresholds"][0]["name"] = HOSTILE_NAME
        data["thresholds"][0]["capability"] = HOSTILE_PROSE
        data["evaluations"][0]["trigger"]["unit"] = HOSTILE_NAME

    def safeguard(data: dict[str, Any]) -> None:
        data["name"] = HOSTILE_NAME
        data["measures"][0]["text"] = HOSTILE_PROSE

    _edit(folder / "framework.yaml", manifest)
    _edit(folder / "categories" / "cybersecurity.yaml", category)
    _edit(folder / "safeguards" / "misuse-classifiers.yaml", safeguard)
    return folder


def assert_inert(root: Element) -> None:
    """Nothing in the tree can run, load or navigate anywhere unsafe."""
    for element in root.walk():
        assert element.tag not in ("script", "img", "iframe"), element.tag
        assert not [name for name in element.attrs if name.startswith("on")], element.attrs
        if "href" in element.attrs:
            assert element.attrs["href"].startswith(SAFE_HREF), element.attrs["href"]
