"""YAML inputs with their expected values or errors, and the check that the piecewise reader
agrees with the whole-file one."""

from __future__ import annotations

from typing import Any

from helpers import FIXTURES, FRAMEWORK
from prepctl.errors import InputError
from prepctl.io import yaml as yamlio
from prepctl.io import yaml_pieces

SCALARS: list[tuple[str, Any]] = [
    # YAML 1.1's booleans are text in 1.2.
    ("on", "on"),
    ("no", "no"),
    ("yes", "yes"),
    ("off", "off"),
    ("y", "y"),
    ("~", None),
    ("null", None),
    ("Null", None),
    ("", None),
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("false", False),
    ("tRUE", "tRUE"),
    ("1", 1),
    ("-7", -7),
    ("+3", 3),
    ("0", 0),
    ("0o17", 15),
    ("0x1F", 31),
    ("017", 17),  # decimal in 1.2; octal in 1.1
    ("0O17", "0O17"),  # the 'o' of an octal is lower case only
    ("9223372036854775807", 2**63 - 1),
    ("-9223372036854775808", -(2**63)),
    ("1.5", 1.5),
    ("1e3", 1000.0),
    ("1E+3", 1000.0),
    (".5", 0.5),
    ("-.5", -0.5),
    ("1.", 1.0),
    ("-0.0", -0.0),
    ("12:30:00", "12:30:00"),  # text in 1.2; sexagesimal 45000 in 1.1
    ("2026-01-01", "2026-01-01"),  # the text of a date, never a date object
    ("'1'", "1"),
    ('"1"', "1"),
    ('"true"', "true"),
    ("''", ""),
    ("|\n  line one\n  line two\n", "line one\nline two\n"),
    (">-\n  folded\n  text\n", "folded text"),
    ("|\n  1\n", "1\n"),
    ("!!str 5", "5"),
    ("!!str", ""),
    ('!!int "7"', 7),
    ("!!int 0x1F", 31),
    ("!!float 1", 1.0),
    ("!!bool true", True),
    ("!!null ~", None),
    ("!<tag:yaml.org,2002:str> 5", "5"),
    ("on the way # with a comment", "on the way"),
]


_LAUGHS = (
    'lol: "lol"\n'
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
)


ERRORS: list[tuple[str, str | bytes, int, int, str]] = [
    # (id, source, line, column, part of the message)
    ("duplicate-key", "a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first at line 1)"),
    (
        "duplicate-nested-key",
        "top:\n  x: 1\n  y: 2\n  x: 3\n",
        4,
        3,
        "duplicate key 'x' (first at line 2)",
    ),
    ("duplicate-flow-key", "k: {a: 1, a: 2}\n", 1, 11, "duplicate key 'a' (first at line 1)"),
    ("alias", "a: &x 1\nb: *x\n", 2, 4, "alias '*x' is not allowed; write the value out in full"),
    ("alias-bomb", _LAUGHS, 3, 8, "alias '*a' is not allowed"),
    ("alias-as-key", "a: &x k\n*x : 1\n", 2, 1, "alias '*x' is not allowed"),
    (
        "python-tag",
        "run: !!python/object:os.system ls\n",
        1,
        6,
        "tag '!!python/object:os.system' is not allowed",
    ),
    (
        "python-apply-tag",
        '!!python/object/apply:os.system ["ls"]\n',
        1,
        1,
        "tag '!!python/object/apply:os.system' is not allowed",
    ),
    ("local-tag", "k: !custom x\n", 1, 4, "tag '!custom' is not allowed"),
    ("local-tag-on-mapping", "k: !custom {a: 1}\n", 1, 4, "tag '!custom' is not allowed"),
    ("binary", "k: !!binary aGk=\n", 1, 4, "tag '!!binary' is not allowed"),
    ("set", "k: !!set {a, b}\n", 1, 4, "tag '!!set' is not allowed"),
    ("omap", "k: !!omap [a: 1]\n", 1, 4, "tag '!!omap' is not allowed"),
    ("timestamp", "k: !!timestamp 2026-01-01\n", 1, 4, "tag '!!timestamp' is not allowed"),
    ("str-on-list", "k: !!str [1]\n", 1, 4, "tag '!!str' is not allowed"),
    ("undeclared-tag-handle", "k: !e!x 1\n", 1, 4, "tags are not allowed"),
    ("int-tag-on-text", "k: !!int 1.5\n", 1, 4, "'1.5' is not a whole number"),
    ("bool-tag-on-yes", "k: !!bool yes\n", 1, 4, "'yes' is not true or false"),
    (
        "second-document",
        "a: 1\n---\nb: 2\n",
        2,
        1,
        "a second YAML document starts here; a framework file holds exactly one",
    ),
    ("second-explicit-document", "---\na: 1\n...\n---\nb: 2\n", 4, 1, "a second YAML document"),
    ("yaml-1.1-directive", "# c\n%YAML 1.1\n---\nk: yes\n", 2, 1, "declares YAML 1.1"),
    ("yaml-2.0-directive", "%YAML 2.0\n---\nk: 1\n", 1, 1, "framework files are YAML 1.2"),
    ("unknown-directive", "%FOO bar\n---\nk: 1\n", 1, 5, "the only one allowed is '%YAML 1.2'"),
    ("merge-key", "<<: {a: 1}\nb: 2\n", 1, 1, "merge key '<<' is not allowed"),
    ("nan", "k: .nan\n", 1, 4, "'.nan' means not-a-number"),
    ("nan-tagged", "k: !!float .NaN\n", 1, 4, "'.NaN' means not-a-number"),
    ("inf", "k: .inf\n", 1, 4, "'.inf' means infinity"),
    ("negative-inf", "k: [1, -.Inf]\n", 1, 8, "'-.Inf' means infinity"),
    ("float-overflow", "k: 1e999\n", 1, 4, "'1e999' is too large a number"),
    (
        "int-2-to-63",
        "k: 9223372036854775808\n",
        1,
        4,
        "'9223372036854775808' is too large a whole number",
    ),
    ("int-below-64-bits", "k: -9223372036854775809\n", 1, 4, "too large a whole number"),
    ("hex-over-64-bits", "k: 0x10000000000000000\n", 1, 4, "too large a whole number"),
    ("int-key", "1: a\n", 1, 1, "key '1' is read as a number, not text; put it in quotes"),
    ("float-key", "a: 1\n2.5: b\n", 2, 1, "key '2.5' is read as a number"),
    ("null-key", "null: a\n", 1, 1, "key 'null' is read as nothing (null), not text"),
    ("tilde-key", "k:\n  ~: a\n", 2, 3, "key '~' is read as nothing (null)"),
    ("bool-key", "true: a\n", 1, 1, "key 'true' is read as true/false"),
    ("empty-key", "? \n: a\n", 1, 2, "a key is missing before ':'"),  # right after '?'
    ("list-key", "[a]: b\n", 1, 1, "a key must be text, not a list"),
    ("mapping-key", "? {a: 1}\n: b\n", 1, 3, "a key must be text, not a mapping"),
    ("utf-16-with-bom", "a: 1\n".encode("utf-16"), 1, 1, "file is saved as UTF-16"),
    ("utf-16-without-bom", "a: 1\n".encode("utf-16-le"), 1, 1, "file is saved as UTF-16"),
    (
        "invalid-utf-8",
        b"title: ok\nsummary: caf\xc3\xa9 \xff\n",
        2,
        15,
        "file is not valid UTF-8 (byte 0xff)",
    ),
    ("invalid-utf-8-after-bom", b"\xef\xbb\xbfa: \xc3\xa9\xe9\n", 1, 5, "not valid UTF-8"),
    ("nul", "k: a\x00b\n", 1, 5, "invisible control character U+0000 is not allowed"),
    ("bell-in-quotes", 'k: "a\x07b"\n', 1, 6, "invisible control character U+0007"),
    ("control-after-accents", "é: ok\nk: 'éé😀\x07'\n", 2, 8, "U+0007"),
    ("escape-character", "k: \x1b[31mred\n", 1, 4, "U+001B"),
    ("delete", "k: a\x7f\n", 1, 5, "U+007F"),
    ("non-character", "k: \ufffe\n", 1, 4, "character U+FFFE is not allowed"),
    ("line-separator", "k: a\u2028b\nz: 1\n", 1, 5, "U+2028 (line separator) is not allowed"),
    ("next-line", "k:\r\n  - x\x85y\n", 2, 6, "U+0085 (next line) is not allowed"),
    (
        "tab-indent",
        "a:\n\tb: 1\n",
        2,
        1,
        "a tab is used for indentation here; YAML allows only spaces for indentation",
    ),
    ("tab-indent-continued", "a:\n  b: 1\n\tc: 2\n", 3, 1, "tab is used for indentation"),
    ("tab-in-block-scalar", "a: |\n\tx\n", 2, 1, "tab is used for indentation"),
    ("tab-after-dash", "- a\n-\tb\n", 2, 2, "tab is used for indentation"),
    (
        "unclosed-double-quote",
        'title: "Cyber\nsummary: x\n',
        1,
        8,
        'the quoted text starting here is never closed; add the closing "',
    ),
    ("unclosed-single-quote", "a: 1\nk: 'abc\n", 2, 4, "never closed; add the closing '"),
    ("quote-open-at-document-end", 'k: "a\n---\nb"\n', 1, 4, "not closed before a '---'"),
    (
        "bad-indentation",
        "a:\n  b: 1\n c: 2\n",
        3,
        2,
        "expected a 'key: value' entry here, lined up with the keys above; check the indentation",
    ),
    ("over-indented-key", "a: 1\n  b: 2\n", 2, 4, "check the indentation"),
    ("colon-in-text", "title: Risk: high\n", 1, 12, "put text that contains ': ' in quotes"),
    ("list-after-mapping", "a: b\n- c\n", 2, 1, "expected a 'key: value' entry here"),
    ("mapping-after-list", "- a\nb: 1\n", 2, 1, "expected a list item ('- ...') here"),
    ("missing-colon", "a: 1\nb\n", 2, 1, "add the missing ':' after the key"),
    ("unclosed-list", "k: [a, b\n", 2, 1, "the list opened at line 1, column 4 is not closed"),
    (
        "unclosed-mapping",
        "é: {a: 1\n",
        2,
        1,
        "the mapping opened at line 1, column 4 is not closed",
    ),
    ("at-sign", "k: @home\n", 1, 4, "a value cannot start with '@'; put the value in quotes"),
    ("backquote", "k: `x`\n", 1, 4, "a value cannot start with '`'"),
    ("unknown-escape", 'k: "C:\\docs"\n', 1, 7, "'\\d' is not a known escape"),
    ("surrogate-escape", 'k: "\\uD800"\n', 1, 7, "does not name a valid character"),
    ("anchor-without-name", "k: & x\n", 1, 4, "'&' must be followed by a name"),
    ("alias-without-name", "k: *\n", 1, 4, "'*' must be followed by a name"),
    ("text-after-document", "[a, b]]\n", 1, 7, "unexpected text after the end of the document"),
    ("value-missing-in-flow", "k: [a, }\n", 1, 8, "expected a value here"),
    # YAML 1.2 reads these otherwise than libyaml (YAML 1.1) does, or forbids them.
    (
        "anchor-with-colon",  # YAML 1.2: anchor 'an:chor', libyaml: anchor 'an', text ':chor ...'
        "summary: &an:chor Cyber operations\n",
        1,
        10,
        "the anchor '&an:chor' is not allowed",
    ),
    ("question-mark-in-flow", "thresholds: [?high]\n", 1, 14, "text that starts with '?' must"),
    ("question-mark-flow-key", "m: { ?foo: bar }\n", 1, 6, "text that starts with '?' must"),
    ("lone-dash-in-flow", "x: [a, -]\n", 1, 8, "'-' alone cannot start a value"),
    ("comment-after-quote", 'key: "value"# note\n', 1, 13, "a comment needs a space before"),
    ("comment-after-bracket", "x: [a]#c\n", 1, 7, "a comment needs a space before its '#'"),
    ("comment-after-comma", "x: [a,#c\n  ]\n", 1, 7, "a comment needs a space before its '#'"),
    ("comment-after-block-header", "x: >#c\n  text\n", 1, 5, "add one after the '|' or '>'"),
    (
        "quoted-text-continued-unindented",
        'quoted: "a\nb c"\n',
        2,
        1,
        "this line continues the text above, so it must be indented by at least 1 space",
    ),
    (
        "quoted-text-continued-after-a-tab",
        'top:\n  foo: "bar\n\tbaz"\n',
        3,
        1,
        "must be indented by at least 3 spaces (tabs do not count)",
    ),
    (
        "flow-list-continued-unindented",
        "flow: [a,\nb]\n",
        2,
        1,
        "this line continues the [ ] or { } opened above, so it must be indented",
    ),
    (
        "unclosed-list-before-less-indented-lines",  # not closed: that says more than indentation
        "a:\n  b: [x\nc: 1\n",
        3,
        2,
        "the list opened at line 2, column 6 is not closed",
    ),
    (
        "flow-list-continued-less-indented-than-its-key",
        "a:\n  b: [x,\n y]\n",
        3,
        1,
        "this line continues the [ ] or { } opened above, so it must be indented by at least 3",
    ),
    (
        "block-text-after-deeper-empty-lines",
        "a: >\n \n  \n   \n # comment\n",
        4,
        1,
        "this empty line holds 3 spaces, more than the 1 of the first line of text below it",
    ),
    (
        "block-text-ending-the-file-in-spaces",  # YAML 1.2: 'x\n \n', libyaml: 'x\n '
        "notes: |\n  x\n   ",
        3,
        1,
        "the file ends in a line of only spaces inside a block of text",
    ),
]


NESTED = """\
# A comment before anything
name: Example   # trailing comment
levels:
  - id: high
    meaning: >
      folded over
      two lines
  - id: critical
    tags: [a, {b: c}]
governance:
  body:
    name: "Safety board"
  cadence: |
    quarterly
"""


FILES = sorted(
    path
    for folder in (FRAMEWORK, FIXTURES)
    for pattern in ("*.yaml", "*.yml")
    for path in folder.rglob(pattern)
)


NAME = "v1:framework/categories/cyber.yaml"


def typed(value: Any) -> Any:
    """Data with every value's type spelt out, so that equal-but-different values differ."""
    if isinstance(value, dict):
        return ("dict", [(key, typed(child)) for key, child in value.items()])
    if isinstance(value, list):
        return ("list", [typed(child) for child in value])
    return (type(value).__name__, repr(value))


def outcome(read: Any, raw: bytes) -> Any:
    try:
        parsed = read(raw, NAME)
    except InputError as exc:
        return ("refused", exc.file, exc.line, exc.column, exc.problem)
    return ("read", parsed.name, typed(parsed.data), parsed.values, parsed.keys)


def assert_same(raw: bytes) -> None:
    expected = outcome(yamlio.parse, raw)
    assert outcome(yaml_pieces.parse_in_parts, raw) == expected, raw
    assert outcome(yaml_pieces.parse_in_parts, raw) == expected, raw  # now from parsed pieces
