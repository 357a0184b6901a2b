from __future__ import annotations

import io
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, FRAMEWORK
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from prepctl.core import fmt, meaning
from prepctl.core.framework_files import collect
from prepctl.errors import InputError, PrepctlError
from prepctl.io import yaml as yamlio

CATEGORY = meaning.root().collections()["categories"].items()


def format_category(text: str) -> str:
    return fmt.format_text(text, schema=CATEGORY, name="categories/x.yaml")


def same(a: Any, b: Any) -> bool:
    return fmt._same(a, b)


def data(text: str) -> Any:
    return yamlio.parse(text.encode("utf-8"), "x.yaml").data


MESSY = """\
# yaml-language-server: $schema=../../schemas/category.schema.json

# Licence: CC-BY-4.0

status: tracked   # eol on status
# about the name
name:    "Cybersecurity"


# about the id (two blank lines above)
'id': cyber
thresholds:
    # first threshold
    -   name: "High: thing"
        # about the id in an item
        id: high   # eol on id
        level: 'high'
        safeguards:
        - a
        # commented-out b
        - c
    -   id: critical
        level: critical
        capability: |
            # not a comment: block scalar content
            text with trailing spaces\x20\x20\x20

        # after the literal block
summary: >-
    folded text
    over lines
# trailing comment
"""

MESSY_FORMATTED = """\
# yaml-language-server: $schema=../../schemas/category.schema.json

# Licence: CC-BY-4.0

# about the id (two blank lines above)
id: cyber
# about the name
name: Cybersecurity
status: tracked   # eol on status

# after the literal block
summary: >-
  folded text
  over lines
thresholds:
  # first threshold
  # about the id in an item
  - id: high       # eol on id
    level: high
    name: "High: thing"
    safeguards:
      - a
      # commented-out b
      - c
  - id: critical
    level: critical
    capability: |
      # not a comment: block scalar content
      text with trailing spaces\x20\x20\x20
# trailing comment
"""


def test_canonical_layout() -> None:
    assert format_category(MESSY) == MESSY_FORMATTED


def test_keeps_every_comment() -> None:
    result = format_category(MESSY)
    found = fmt.comments(MESSY)
    assert len(found) == 11
    assert Counter(fmt.comments(result)) == Counter(found)
    for comment in found:
        assert comment in result
    assert "# not a comment: block scalar content" not in found


def test_same_data_and_idempotent() -> None:
    once = format_category(MESSY)
    assert same(data(once), data(MESSY))
    assert format_category(once) == once


def test_modeline_stays_on_line_one() -> None:
    text = "# yaml-language-server: $schema=../../schemas/category.schema.json\nname: X\nid: x\n"
    assert format_category(text).splitlines()[:2] == [
        "# yaml-language-server: $schema=../../schemas/category.schema.json",
        "id: x",
    ]


def test_key_order_follows_schema_and_unknown_keys_follow() -> None:
    text = "zeta: 1\nsummary: S\nalpha: 2\nname: N\nid: x\n"
    assert format_category(text) == "id: x\nname: N\nsummary: S\nzeta: 1\nalpha: 2\n"
    properties = list(CATEGORY.schema["properties"]) if CATEGORY else []
    assert properties.index("id") < properties.index("name") < properties.index("summary")


def test_nested_key_order_follows_the_item_schema() -> None:
    text = "id: x\nthresholds:\n  - name: N\n    level: high\n    id: high\n"
    assert format_category(text) == (
        "id: x\nthresholds:\n  - id: high\n    level: high\n    name: N\n"
    )


def test_comment_above_a_first_key_moves_with_it() -> None:
    # A suppression excuses the line below it, so it must stay above the same key.
    text = (
        "governance:\n"
        "  # prepctl: ignore[some-rule] reason\n"
        "  review: r\n"
        "  # about bodies\n"
        "  bodies: b\n"
    )
    assert fmt.format_text(text, schema=meaning.root(), name="framework.yaml") == (
        "governance:\n"
        "  # about bodies\n"
        "  bodies: b\n"
        "  # prepctl: ignore[some-rule] reason\n"
        "  review: r\n"
    )


@pytest.mark.parametrize("value", ["[high]", "{a: 1}", "[\n      high]"])
def test_a_comment_after_a_flow_collection_moves_with_the_key_below_it(value: str) -> None:
    # ruamel.yaml files such a comment under the next key rather than after the flow value.
    text = (
        "id: x\n"
        "evaluations:\n"
        f"  - thresholds: {value}\n"
        "    # about the id\n"
        "    id: ctf\n"
        "    name: N\n"
    )
    once = format_category(text)
    assert once.startswith("id: x\nevaluations:\n  # about the id\n  - id: ctf\n    name: N\n")
    assert format_category(once) == once


def test_without_schema_key_order_is_kept() -> None:
    text = "b: 1\na:\n    - x\n"
    assert fmt.format_text(text, schema=None, name="x.yaml") == "b: 1\na:\n  - x\n"


BLOCKS = """\
id: x
summary: >-
  A folded paragraph whose line breaks
  the author chose, with a very long line that goes well past any usual width limit and must not be re-wrapped by the formatter at all.

    A more-indented line.
  Last line.
keep: |+
  kept trailing newline

literal: |
  line one
    indented two
  # hash line
"""


def test_block_scalars_stay_as_written() -> None:
    assert fmt.format_text(BLOCKS, schema=None, name="x.yaml") == BLOCKS


def test_quotes_only_where_needed() -> None:
    text = (
        "a: 'plain'\n"
        'b: "also plain"\n'
        "c: 'yes'\n"
        'd: "2.0"\n'
        "e: 'has: colon'\n"
        'f: "it\'s"\n'
        "'g': '2026-01-01'\n"
        "h: '12:30'\n"
    )
    assert fmt.format_text(text, schema=None, name="x.yaml") == (
        "a: plain\n"
        "b: also plain\n"
        "c: 'yes'\n"
        'd: "2.0"\n'
        "e: 'has: colon'\n"
        "f: it's\n"
        "g: '2026-01-01'\n"
        "h: '12:30'\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a: "x \\u202Eevil\\u202C y"\n', 'a: "x \\u202Eevil\\u202C y"\n'),  # stays escaped
        ('a: "raw \u2066 isolate"\n', 'a: "raw \\u2066 isolate"\n'),  # written raw, now escaped
        ('a: "zero\\u200Bwidth"\n', 'a: "zero\\u200Bwidth"\n'),
        ('a: "soft\\u00ADhyphen"\n', 'a: "soft\\u00ADhyphen"\n'),
        ('a: "tag \\U000E0001"\n', 'a: "tag \\U000E0001"\n'),
        ('a: "two\n  lines \\u202E here"\n', 'a: "two lines \\u202E here"\n'),
        ("a: 'single \u202e'\n", "a: 'single \u202e'\n"),  # no escapes in single quotes
        ('a: ["x\u202eb", "d, e\u202e"]\n', 'a: ["x\\u202Eb", "d, e\\u202E"]\n'),  # two on a line
        ('m:\n  "k\u200b": "v\u202e"\n', 'm:\n  "k\\u200B": "v\\u202E"\n'),
    ],
)
def test_invisible_formatting_characters_stay_visible(text: str, expected: str) -> None:
    formatted = fmt.format_text(text, schema=None, name="x.yaml")
    assert formatted == expected
    assert fmt.format_text(formatted, schema=None, name="x.yaml") == formatted


def test_trailing_spaces_blank_lines_and_final_newline() -> None:
    text = "\n\nid: x   \n\n\n\nname: N  # note   \n\n"
    assert format_category(text) == "id: x\n\nname: N  # note\n"


def test_crlf_line_endings_become_lf() -> None:
    assert format_category("name: N\r\nid: x\r\n") == "id: x\nname: N\n"


def test_document_start_marker_goes_and_comments_above_it_stay() -> None:
    text = "# header\n%YAML 1.2\n--- # on the marker\nid: x\n"
    assert format_category(text) == "# header\n# on the marker\nid: x\n"


def test_comment_only_file() -> None:
    assert fmt.format_text("  # just a note\n\n\n", schema=None, name="x.yaml") == "# just a note\n"


def test_malformed_yaml_is_a_located_error() -> None:
    with pytest.raises(InputError, match=r"^x\.yaml:2:6: "):
        fmt.format_text("id: x\n  bad: y\n", schema=None, name="x.yaml")


def test_refuses_a_result_with_other_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "_tidy", lambda text: text.replace("x", "y"))
    with pytest.raises(PrepctlError, match="would change its data; the file was left"):
        fmt.format_text("id: x\n", schema=None, name="x.yaml")


def test_refuses_a_result_without_a_comment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "_tidy", lambda text: text.split("#")[0].rstrip() + "\n")
    with pytest.raises(PrepctlError, match="would lose or change a comment"):
        fmt.format_text("id: x # note\n", schema=None, name="x.yaml")


# The command ----------------------------------------------------------------------------


@pytest.fixture
def framework(tmp_path: Path) -> Path:
    """A copy of a fixture framework, with one category file in need of formatting."""
    target = tmp_path / "fw"
    shutil.copytree(FIXTURES / "openai-pf-v2-2025", target)
    category = sorted((target / "categories").glob("*.yaml"))[0]
    handler = YAML(typ="rt")
    handler.width = 4096
    handler.indent(mapping=4, sequence=6, offset=2)
    tree = handler.load(category.read_text(encoding="utf-8"))
    with category.open("w", encoding="utf-8") as stream:
        handler.dump(tree, stream)
    return target


def changed_file(framework: Path) -> Path:
    return sorted((framework / "categories").glob("*.yaml"))[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_check_names_files_and_writes_nothing(framework: Path, run_cli: Callable[..., Any]) -> None:
    before = snapshot(framework)
    result = run_cli("fmt", "--check", str(framework))
    assert result.code == 1
    assert result.out == f"would reformat {changed_file(framework)}\n"
    assert "1 file would be reformatted" in result.err
    assert snapshot(framework) == before


def test_diff_prints_a_unified_diff(framework: Path, run_cli: Callable[..., Any]) -> None:
    before = snapshot(framework)
    result = run_cli("fmt", "--diff", str(framework))
    assert result.code == 1
    name = str(changed_file(framework)).lstrip("/")
    assert result.out.startswith(f"--- a/{name}\n+++ b/{name}\n@@ ")
    lines = result.out.splitlines()
    assert any(line.startswith("-  ") for line in lines)
    assert any(line.startswith("+  ") for line in lines)
    assert snapshot(framework) == before


def test_fmt_rewrites_then_is_clean(framework: Path, run_cli: Callable[..., Any]) -> None:
    original = data(changed_file(framework).read_text(encoding="utf-8"))
    result = run_cli("fmt", str(framework))
    assert (result.code, result.out) == (0, "")
    assert result.err.startswith("reformatted 1 file, ")
    assert same(data(changed_file(framework).read_text(encoding="utf-8")), original)
    again = run_cli("fmt", "--check", str(framework))
    assert (again.code, again.out) == (0, "")
    assert again.err.endswith("files already formatted\n")


def test_no_path_formats_the_framework_here(
    framework: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(framework / "categories")
    result = run_cli("fmt", "--check")
    assert result.code == 1
    assert result.out == f"would reformat {changed_file(framework).name}\n"


def test_single_file(framework: Path, run_cli: Callable[..., Any]) -> None:
    manifest = framework / "framework.yaml"
    assert run_cli("fmt", "--check", str(manifest)).code == 0
    assert run_cli("fmt", "--check", str(changed_file(framework))).code == 1


def test_malformed_file_stops_everything(framework: Path, run_cli: Callable[..., Any]) -> None:
    bad = framework / "safeguards" / "broken.yaml"
    bad.write_text("id: broken\n  name: x\n", encoding="utf-8")
    before = snapshot(framework)
    result = run_cli("fmt", str(framework))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"prepctl: {bad}:2:7: ")
    assert result.err.count("\n") == 1
    assert snapshot(framework) == before


def test_file_outside_the_framework_layout(framework: Path, run_cli: Callable[..., Any]) -> None:
    stray = framework / "notes.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    result = run_cli("fmt", str(stray))
    assert result.code == 2
    assert result.err == (
        f"prepctl: {stray}: not a framework file (expected framework.yaml or a .yaml/.yml file "
        "directly in categories/, safeguards/, changes/, changes/archive/VERSION/)\n"
    )


ARCHIVED_OUT_OF_LAYOUT = """\
title: Archived by a release
id: archived
covers:
  - /categories
rationale: Kept after the release.
approved-by:
  - board
approved-on: 2026-01-01
"""


def test_archived_change_records_are_framework_files(
    framework: Path, run_cli: Callable[..., Any]
) -> None:
    """A release moves records to changes/archive/VERSION/; they stay change records, so fmt
    checks them alone, in their folder, and with the whole framework."""
    archived = framework / "changes" / "archive" / "1.0.0" / "archived.yaml"
    archived.parent.mkdir(parents=True)
    archived.write_text(ARCHIVED_OUT_OF_LAYOUT, encoding="utf-8")
    for argument in (archived, framework / "changes", framework / "changes" / "archive"):
        result = run_cli("fmt", "--check", str(argument))
        assert result.code == 1, result.err
        assert result.out == f"would reformat {archived}\n"
    whole = run_cli("fmt", "--check", str(framework))
    assert f"would reformat {archived}\n" in whole.out
    assert run_cli("fmt", str(framework / "changes")).code == 0
    assert archived.read_text(encoding="utf-8").startswith("id: archived\ntitle: Archived")
    assert run_cli("fmt", "--check", str(framework / "changes")).code == 0


def test_a_folder_inside_a_framework_formats_only_what_it_holds(
    framework: Path, run_cli: Callable[..., Any]
) -> None:
    result = run_cli("fmt", "--check", str(framework / "safeguards"))
    assert result.code == 0, result.err
    count = len(list((framework / "safeguards").glob("*.yaml")))
    assert result.err == f"{count} files already formatted\n"


def test_missing_path(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    result = run_cli("fmt", str(tmp_path / "nowhere"))
    assert (result.code, result.err) == (
        2,
        f"prepctl: '{tmp_path / 'nowhere'}' is not a framework folder or file\n",
    )


def test_collect_lists_each_file_once(framework: Path) -> None:
    files = collect([str(framework), str(framework / "framework.yaml")])
    assert len(files) == len({f.path.resolve() for f in files})


# The property: any layout of any real framework file formats to the same data, keeps every
# comment, and formatting again changes nothing. ------------------------------------------

SOURCES = sorted(p for root in (FIXTURES, FRAMEWORK) for p in root.rglob("*.yaml") if p.is_file())


def schema_of(path: Path) -> meaning.SchemaNode | None:
    if path.name == "framework.yaml":
        return meaning.root()
    for collection in meaning.root().collections().values():
        if path.parent.name == collection.keyword("directory"):
            return collection.items()
    return None


def perturb(text: str, rng: random.Random) -> str:
    """The same data laid out differently: keys shuffled, other indentation, more comments."""
    handler = YAML(typ="rt")
    handler.width = 4096
    tree = handler.load(text)
    counter = iter(range(10_000))

    def walk(node: Any) -> None:
        if isinstance(node, CommentedMap):
            keys = list(node)
            if rng.random() < 0.5:
                rng.shuffle(keys)
                for key in keys:
                    node.move_to_end(key)
            for key in keys:
                roll = rng.random()
                # (ruamel.yaml cannot add an end-of-line comment to a key whose value already
                # carries comment lines after it: such keys keep what they have.)
                bare = key not in node.ca.items
                if roll < 0.1 and bare and not isinstance(node[key], (CommentedMap, CommentedSeq)):
                    node.yaml_add_eol_comment(f"# added eol {next(counter)}", key)
                elif roll < 0.2 and key != keys[0]:
                    node.yaml_set_comment_before_after_key(key, before=f"added {next(counter)}")
                walk(node[key])
        elif isinstance(node, CommentedSeq):
            for item in node:
                walk(item)

    walk(tree)
    mapping = rng.choice([2, 3, 4])
    offset = rng.choice([0, 2])
    handler.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
    out = io.StringIO()
    handler.dump(tree, out)
    return add_comment_lines(out.getvalue(), rng)


def add_comment_lines(text: str, rng: random.Random) -> str:
    """Full-line comments at random columns (never deeper than the line they precede, so none
    can become part of a block scalar) before random content lines."""
    masked, inside = fmt._masked_lines(text)
    lines = text.split("\n")
    out: list[str] = []
    for number, line in enumerate(lines):
        row = masked[number]
        is_content = number not in inside and row.strip() and not row.lstrip().startswith("#")
        if is_content and rng.random() < 0.1:
            column = rng.randint(0, len(row) - len(row.lstrip(" ")))
            out.append(" " * column + f"# added line {number}")
        out.append(line)
    return "\n".join(out)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(index=st.integers(0, len(SOURCES) - 1), rng=st.randoms(use_true_random=False))
def test_any_layout_formats_to_the_same_data_and_comments(index: int, rng: random.Random) -> None:
    path = SOURCES[index]
    text = perturb(path.read_text(encoding="utf-8"), rng)
    schema = schema_of(path)
    once = fmt.format_text(text, schema=schema, name=path.name)
    assert same(data(once), data(text))
    assert Counter(fmt.comments(once)) == Counter(fmt.comments(text))
    for marker in re.findall(r"# (added (?:eol |line )?\d+)", text):
        assert marker in once
    assert fmt.format_text(once, schema=schema, name=path.name) == once


def test_sources_were_found() -> None:
    assert len(SOURCES) > 40


def test_only_the_yaml_modules_import_a_yaml_library() -> None:
    package = Path(fmt.__file__).parent.parent
    importers = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if re.search(r"^\s*(?:import|from)\s+(?:yaml|ruamel)\b", path.read_text("utf-8"), re.M)
    )
    assert importers == ["io/yaml_events.py", "io/yaml_roundtrip.py", "io/yaml_syntax.py"]


def test_a_file_already_canonical_is_read_by_ruamel_once_and_scanned_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``fmt --check`` of a tidy framework: the layout is worked out (one round trip and one
    scan of what it wrote) and, being the file's own text, needs no check of its data and
    comments against the original (each of which scanned the text again)."""
    from prepctl.io import yaml_roundtrip

    scans: list[str] = []
    real = yaml_roundtrip.scalar_spans

    def counting(text: str, *, double_quoted: bool = False) -> list[tuple[int, int, int, int]]:
        scans.append(text)
        return real(text, double_quoted=double_quoted)

    monkeypatch.setattr(yaml_roundtrip, "scalar_spans", counting)
    path = FRAMEWORK / "categories" / "cybersecurity.yaml"
    text = path.read_text(encoding="utf-8")
    assert format_category(text) == text
    assert scans == [text]
    # A file that is not canonical is still checked against its original, comments and all.
    scans.clear()
    untidy = text.replace("\nname: ", "\nname:   ", 1) + "\n\n# closing remark\n"
    assert format_category(untidy) == text + "\n# closing remark\n"
    assert untidy in scans


def test_scalars_are_found_with_libyamls_scanner_and_ruamels_where_libyaml_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where scalars stand (for tidying and comparing comments) is read by libyaml's scanner,
    many times faster than ruamel.yaml's, with the same positions; text libyaml refuses is
    scanned by ruamel.yaml, as before."""
    from prepctl.io import yaml_roundtrip

    text = (FRAMEWORK / "categories" / "cybersecurity.yaml").read_text(encoding="utf-8")
    text += 'note: "é 😀 \\u202e"  # after\nmore: |\n  é\n  😀\n'
    expected = yaml_roundtrip.scalar_spans(text)
    ruamel_scans: list[str] = []
    real = YAML.scan

    def counting(self: YAML, stream: str) -> Any:
        ruamel_scans.append(stream)
        return real(self, stream)

    monkeypatch.setattr(YAML, "scan", counting)
    assert yaml_roundtrip.scalar_spans(text) == expected
    assert ruamel_scans == []
    # A line separator ends a line to libyaml (YAML 1.1), not to ruamel.yaml (YAML 1.2).
    separated = 'a: "x\u2028y"\nb: c\n'
    assert yaml_roundtrip.scalar_spans(separated) == [
        (0, 0, 0, 1),
        (0, 3, 0, 8),
        (1, 0, 1, 1),
        (1, 3, 1, 4),
    ]
    assert ruamel_scans == [separated]
