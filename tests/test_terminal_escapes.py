"""What reaches a terminal: every control and invisible character shown as an escape, in text
and in JSON."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest

from prepctl import terminal
from prepctl.terminal import safe, safe_line, write_json

# Control characters (but tab and line feed), format characters, line and paragraph
# separators, surrogates: every one of them in the Unicode of the running Python.
HIDDEN = [
    chr(code)
    for code in range(0x110000)
    if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp", "Cs") and chr(code) not in "\t\n"
]


def test_every_control_and_invisible_character_is_escaped() -> None:
    for character in HIDDEN:
        shown = safe(f"a{character}b")
        assert shown.isascii(), repr(character)
        assert shown.isprintable(), repr(character)
        assert shown.startswith("a\\"), repr(character)
        assert shown.endswith("b"), repr(character)


def test_the_quick_scan_misses_no_character_the_full_pattern_escapes() -> None:
    # Every code point, in chunks: what is escaped is exactly what the full pattern matches,
    # and text with none of those characters comes back as it is.
    for start in range(0, 0x110000, 4096):
        text = "".join(chr(code) for code in range(start, min(start + 4096, 0x110000)))
        assert safe(text) == terminal._UNSAFE.sub(terminal._escape, text)
        plain = "".join(character for character in text if not terminal._UNSAFE.match(character))
        assert safe(plain) == plain


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Cyber\u061cALM\u200bZW\u2028LS", "Cyber\\u061cALM\\u200bZW\\u2028LS"),
        ("\x1b]0;PWNED\x07\x9b31m", "\\x1b]0;PWNED\\x07\\x9b31m"),
        ("tag \U000e0041 char", "tag \\U000e0041 char"),
        # A byte that is not UTF-8 (an argument, a file name) as Python reads it.
        ("caf\udce9", "caf\\xe9"),
        ("tab\tand\nline feed, café, 日本, \u00a0", "tab\tand\nline feed, café, 日本, \u00a0"),
    ],
)
def test_what_is_escaped_and_what_is_kept(text: str, shown: str) -> None:
    assert safe(text) == shown


def test_one_line_escapes_line_breaks_too() -> None:
    assert safe_line("nl\nline.yaml\u2028") == "nl\\nline.yaml\\u2028"


def test_json_escapes_what_text_escapes_and_reads_back_the_same() -> None:
    document = {
        # (No two surrogates in a row: JSON would read them back as one character.)
        "name": "".join(c for c in HIDDEN if not "\ud800" <= c <= "\udfff")
        + "\u202eevil\U000e0041 caf\udce9 日本 café",
        "\u200bkey": ["\x9b", "plain"],
    }
    stream = io.StringIO()
    write_json(document, stream)
    written = stream.getvalue()
    assert written.endswith("}\n")
    assert not any(character in written for character in HIDDEN)
    assert "日本 café" in written  # other text stays as it is, not \u-escaped
    assert json.loads(written) == document
