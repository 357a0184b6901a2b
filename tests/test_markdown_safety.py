"""Markdown output is safe for any consumer: whatever the framework says, a renderer that keeps
raw HTML and follows every link (a wiki, a static site generator) finds no tag but those a
plain Markdown document makes, no event handler and no link but to the web, mail or the
document itself.

The oracle is markdown-it-py with raw HTML on and no link check at all, the most permissive
CommonMark consumer; every Markdown prepctl writes with framework text in it is read through
it: ``render -f md``, the site's ``index.md``, the diff's pull-request comment, the changelog
and the coverage matrix.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import FRAMEWORK, GitRepo, Run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from prepctl.render import prose

RunCli = Callable[..., Run]

# -- the oracle -------------------------------------------------------------------------------


class _Permissive(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return True  # no link filter: javascript: and data: links are kept


PERMISSIVE = _Permissive("commonmark", {"html": True}).enable(["table", "strikethrough"])

# What a Markdown document without raw HTML becomes, plus the elements prepctl's own templates
# write (empty anchors, <sub> footers, <details> in a pull-request comment).
SAFE_TAGS = {
    *[
        "p",
        "em",
        "strong",
        "s",
        "del",
        "code",
        "pre",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
        "br",
    ],
    *[
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sub",
        "details",
        "summary",
    ],
}
SAFE_ATTRIBUTES = {"id", "href", "title", "start", "class", "style"}
SAFE_HREF = ("#", "http://", "https://", "mailto:")  # or empty: this very page


class _Dangers(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name not in SAFE_ATTRIBUTES:
                self.found.append(f"{tag} {name}={value!r}")
            elif name == "href" and value and not value.lower().startswith(SAFE_HREF):
                self.found.append(f"href={value!r}")
            elif name == "style" and value not in {
                f"text-align:{a}" for a in ["left", "right", "center"]
            }:
                self.found.append(f"style={value!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.found.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.found.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.found.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.found.append(f"<![{data}]>")


def dangers(markdown: str) -> list[str]:
    """Every tag, attribute and link a permissive consumer would build from ``markdown`` that
    a safe Markdown document never makes."""
    parser = _Dangers()
    parser.feed(PERMISSIVE.render(markdown))
    parser.close()
    return parser.found


def test_the_oracle_sees_what_a_permissive_consumer_would_run() -> None:
    assert dangers("<img src=x onerror=alert(1)>") == [
        "<img>",
        "img src='x'",
        "img onerror='alert(1)'",
    ]
    assert dangers("[a](javascript:alert(1))") == ["href='javascript:alert(1)'"]
    assert dangers("x <b onclick=y>z</b>") == ["<b>", "b onclick='y'"]
    assert dangers("[a](https://example.org) *b* `<c>`\n\n- d\n\n| e |\n|:-:|\n") == []


# -- prose: the six places the old escaper read CommonMark wrong, and more --------------------

MISREAD = {
    "escaped backtick taken for a code span": "Tick \\`<img src=x onerror=alert(1)>` here.",
    "code span across a blank line": (
        "Start `a\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\nend` done."
    ),
    "backslash before a tag": "\\<script>alert(3)</script>",
    "definition in a block quote": "[click][a]\n\n> [a]: javascript:alert(4)",
    "definition in a list item": "[click][a]\n\n- [a]: javascript:alert(4)",
    "label with an escaped bracket": "[other][a\\]b]\n\n[a\\]b]: javascript:alert(5)",
    "label over two lines": "[multi][a b]\n\n[a\nb]: javascript:alert(6)",
    "fence info with a backtick is no fence": "```a`b\n<script>alert(7)</script>\n```",
    "entity in a destination": "[e](&#106;avascript:alert(8))",
    "image with an alt tag": "![<img src=x onerror=alert(9)>](https://example.org/a.png)",
    "autolink": "<javascript:alert(10)> <data:text/html,x> <vbscript:x>",
    "html block": '<div onclick="x">\n<img src=x onerror=alert(11)>\n</div>',
    "html comment": "<!-- x --> <?php x ?> <![CDATA[x]]> <!DOCTYPE x>",
    "reference image": "![r]\n\n[r]: javascript:alert(12)",
    "table cell": "| a | b |\n|---|---|\n| <img src=x onerror=alert(13)> | [x](javascript:y) |",
}


@pytest.mark.parametrize("text", MISREAD.values(), ids=MISREAD.keys())
def test_markdown_prose_lets_no_html_or_unsafe_link_through(text: str) -> None:
    assert dangers(prose.prose(text)) == []
    assert dangers('1. <a id="x"></a>' + prose.prose(text, indent=3)) == []
    assert dangers("| " + prose.cell(text) + " |\n|---|\n") == []


# -- any prose --------------------------------------------------------------------------------

# Pieces of Markdown, hostile and not, that generated prose is made of.
PIECES = [
    *[
        "abc",
        "1",
        "\n",
        "\n\n",
        ">",
        "-",
        "+",
        "*",
        "_",
        "`",
        "``",
        "```",
        "~~~",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "!",
        "<",
        ">",
        "&",
        "#",
        "|",
        ":",
        "~",
        "=",
        ";",
        "\t",
    ],
    " ",
    "    ",
    "\n\n",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<div onclick=x>",
    "<!--",
    "-->",
    "javascript:alert(1)",
    "data:text/html,x",
    "https://example.org",
    "mailto:a@example.org",
    "#/levels",
    "a@example.org",
    "[a]: ",
    "[a]",
    "&#106;",
    "&lt;",
    "&amp;",
    "1. ",
    "2) ",
    "|---|",
    "---",
    "***",
    "===",
    "_a_",
    "**b**",
    "snake_case",
    "R&D",
    "\u00a0",
    "\u2003",
    "é",
    "\x00",
    "\r\n",
]
prose_texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(prose_texts)
def test_any_prose_written_as_markdown_is_inert_in_every_place(text: str) -> None:
    from prepctl.render import prose_markdown

    for written in (prose.prose(text), prose_markdown.rewrite(text)):
        assert dangers(written) == [], written
        assert dangers('1. <a id="x"></a>' + prose.prose(text, indent=3)) == []
        assert dangers("**Label.** " + written) == []
    for written in (prose.cell(text), prose_markdown.rewrite(text, cell=True)):
        assert "\n" not in written
        assert dangers(f"| {written} | x |\n|---|---|\n") == [], written


@PROPERTY
@given(prose_texts)
def test_prose_written_as_markdown_means_what_the_html_form_shows(text: str) -> None:
    from prepctl.render import prose_markdown

    assert same_html(prose.to_html(prose_markdown.rewrite(text))) == same_html(prose.to_html(text))


def same_html(html: str) -> str:
    """HTML without the differences a reader cannot see: white space and line breaks (a
    heading over two lines becomes a heading on one; code in a fence never closed loses its
    last line break), the empty paragraph markdown-it-py makes of a line of
    Unicode spaces, and which asterisks and underscores of tangled emphasis (``***a*b*``) are
    emphasis and which are text. Plain emphasis is compared exactly below."""
    html = html.replace("<p></p>", "")
    html = re.sub(r"</?(em|strong)>|[*_]|<br />", "", html)
    return re.sub(r" ?(<[^>]*>) ?", r"\1", " ".join(html.split()))


@pytest.mark.parametrize(
    "text",
    [
        "*a* **b** _c_ __d__ ***e*** *f **g** h* snake_case x*y*z ~~s~~",
        "# H1\n\n## H2\nsetext\n---\n\ntext  \nbreak\\\nagain",
        "- a\n- b\n  1. c\n  2. d\n\n+ loose\n\n+ list\n\n3) three\n4) four",
        "> quote\n> - in\n>\n> ```py\n> code <b>\n> ```\n\n    indented <i>\n\n***",
        '| a | b | c |\n|:-|:-:|-:|\n| `x\\|y` | [l](https://e.org "t") | ![i](https://e.org/i.png) |',
        "<https://e.org> <a@e.org> [r] &amp; &#106; \\* ``a`b`` x!\n\n[r]: https://e.org",
    ],
)
def test_plain_markdown_in_prose_is_written_back_as_it_reads(text: str) -> None:
    from prepctl.render import prose_markdown

    written = prose_markdown.rewrite(text)
    assert prose.to_html(written) == prose.to_html(text), written
    assert prose_markdown.to_markdown(text) == written  # read back: inert, so kept


@PROPERTY
@given(prose_texts)
def test_prose_kept_as_written_is_what_the_markdown_writer_would_write(text: str) -> None:
    from prepctl.render import prose_markdown

    kept = prose._as_written(text)
    if kept is not None:
        assert kept == prose_markdown.rewrite(text)
        assert prose.cell(text) == prose_markdown.rewrite(text, cell=True)


# -- every Markdown prepctl writes ------------------------------------------------------------

HOSTILE_PROSE = "\n\n".join(MISREAD.values())
HOSTILE_NAME = "Name <img src=x onerror=alert(1)> [a](javascript:alert(2)) `` ` `` \\<b> &lt;i>"
HOSTILE_RECORD = yaml.safe_dump(
    {
        "id": "2027-01-hostile",
        "title": HOSTILE_NAME,
        "covers": ["/levels/high/response", "/categories/cybersecurity/summary"],
        "rationale": HOSTILE_PROSE,
        "approved-by": ["safety-advisory-group"],
        "approved-on": "2027-01-05",
        "effective": "2027-01-10",
    },
    sort_keys=False,
)


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """The shipped framework released as 1.0.0, then 2.0.0 with hostile prose and names in
    every kind of place (paragraphs, list items, a table cell), a weakening and a change record
    whose title and rationale are hostile too."""
    repo = GitRepo(tmp_path_factory.mktemp("hostile"))
    repo.git("init", "-q", "-b", "main")
    folder = repo.path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    repo.commit("1.0.0")
    repo.git("tag", "framework-v1.0.0")

    def manifest(data: dict[str, Any]) -> None:
        data["version"] = "2.0.0"
        data["summary"] = HOSTILE_PROSE
        data["levels"][0]["response"] = data["levels"][0]["response"].replace("must", "should")
        data["levels"][0]["meaning"] = HOSTILE_PROSE
        data["governance"]["decisions"][0]["description"] = HOSTILE_PROSE
        data["governance"]["bodies"][0]["name"] = HOSTILE_NAME

    def category(data: dict[str, Any]) -> None:
        data["name"] = HOSTILE_NAME
        data["summary"] = HOSTILE_PROSE
        data["threat-models"][0]["text"] = HOSTILE_PROSE
        data["thresholds"][0]["capability"] = HOSTILE_PROSE

    _edit(folder / "framework.yaml", manifest)
    _edit(folder / "categories" / "cybersecurity.yaml", category)
    (folder / "changes" / "2027-01-hostile.yaml").write_text(HOSTILE_RECORD)
    repo.commit("2.0.0", "2027-01-10T12:00:00+00:00")
    repo.git("tag", "framework-v2.0.0")
    return repo


def _run(run_cli: RunCli, *args: str) -> str:
    result = run_cli(*args)
    assert result.code in (0, 1), result.err
    return result.out


def test_every_markdown_prepctl_writes_is_inert(
    run_cli: RunCli, hostile_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hostile_repo.path)
    assert run_cli("lint", "framework").code in (0, 1)  # the framework reads; rules may object
    documents = {
        "render -f md": _run(run_cli, "render", "framework", "-f", "md"),
        "render --against": _run(
            run_cli, "render", "framework", "-f", "md", "--against", "framework-v1.0.0"
        ),
        "diff -f markdown": _run(
            run_cli, "diff", "framework-v1.0.0", "framework-v2.0.0", "-f", "markdown"
        ),
        "changelog": _run(run_cli, "changelog", "framework-v1.0.0..framework-v2.0.0"),
        "coverage -f markdown": _run(run_cli, "coverage", "framework", "-f", "markdown"),
    }
    assert run_cli("site", "-o", str(tmp_path / "site"), ".").code == 0
    for page in sorted((tmp_path / "site").rglob("*.md")):
        documents[str(page.relative_to(tmp_path))] = page.read_text(encoding="utf-8")
    assert len(documents) > 5
    # The hostile text is there, as text.
    assert "onerror=alert(1)" in documents["render -f md"]
    assert "javascript:alert(2)" in documents["diff -f markdown"]
    assert "javascript:alert" in documents["changelog"]
    found = {name: dangers(text) for name, text in documents.items()}
    assert found == {name: [] for name in documents}


@pytest.mark.parametrize("value", ["x``<img src=x onerror=alert(1)>``", "`<b>`", "a|b` |<i>`"])
def test_code_in_reports_is_closed_by_nothing_inside(value: str) -> None:
    from prepctl.core.changelog import _code
    from prepctl.reporters.diff.markdown import code

    for written in (code(value), _code(value)):
        assert dangers(written) == [], written
        assert PERMISSIVE.render(written).count("<code>") == 1, written
    # The pull-request comment puts code in table cells.
    table = f"| a | b |\n|---|---|\n| {code(value)} | x |\n"
    assert dangers(table) == []
    assert PERMISSIVE.render(table).count("<td>") == 2


def test_a_pipe_in_prose_stays_inside_its_table_cell(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "framework"
    shutil.copytree(FRAMEWORK, folder)
    description = "Whether zq | b holds, or `c|d`, or *e* | f."

    def manifest(data: dict[str, Any]) -> None:
        data["governance"]["decisions"][0]["description"] = description

    _edit(folder / "framework.yaml", manifest)
    text = _run(run_cli, "render", str(folder), "-f", "md")
    (row,) = [line for line in text.splitlines() if "Whether zq" in line]
    html = PERMISSIVE.render(f"| 1 | 2 | 3 | 4 |\n|---|---|---|---|\n{row}\n")
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert len(cells) == 4, row
    assert "</a>Whether zq | b holds, or <code>c|d</code>, or <em>e</em> | f.<br>" in cells[0]


def test_an_image_description_in_html_is_text() -> None:
    rendered = prose.to_html("![<img src=x onerror=alert(1)> *b*](https://example.org/a.png)")
    assert dangers(rendered) == []
    assert rendered == (
        '<p><a href="https://example.org/a.png">&lt;img src=x onerror=alert(1)&gt; b</a></p>\n'
    )
