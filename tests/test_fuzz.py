"""Fuzzing: frameworks generated from the bundled JSON Schema, then broken in every way bytes
can be broken, through lint, diff, fmt --check and render.

The generator walks ``prepctl.io.schemas.bundle("framework")``: objects with their required keys
and a choice of the optional ones (never an unknown key), lists with unique identities,
strings from the schema's patterns (ids, dates, versions, addresses) or free text with hostile
characters in it, numbers within their bounds, booleans and enums. References may dangle: lint
reports them as findings, which is fine. The frameworks are written as YAML by PyYAML (tests
only), quoting every string that would not read back as itself.

Whatever the input, every command must exit 0, 1 or 2 without an exception other than
prepctl's own, say why on one line when it exits 2, and print the same output when run twice.

CI runs the ``ci`` profile (a few dozen examples a property); ``make fuzz`` runs ``long``
(``PREPCTL_FUZZ_PROFILE=long``). Figures are in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml as pyyaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepctl.cli import main
from prepctl.core import diff, document, source, validate
from prepctl.errors import InputError
from prepctl.io import schemas
from prepctl.io import yaml as yamlio

settings.register_profile(
    "prepctl-fuzz-ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "prepctl-fuzz-long",
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("prepctl-fuzz-" + os.environ.get("PREPCTL_FUZZ_PROFILE", "ci"))

BUNDLE = schemas.bundle("framework")
DEFINITIONS: dict[str, Any] = BUNDLE["$defs"]
COLLECTIONS: dict[str, Any] = BUNDLE["x-prepctl-collections"]
TODAY = "2026-06-01"


# Generating valid frameworks from the schema ------------------------------------------------


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return extra


def resolved(node: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its ``$ref`` followed; sibling keywords refine the target (as in
    ``{"$ref": ".../references", "items": {"x-prepctl-ref": "/safeguards"}}``)."""
    if "$ref" not in node:
        return node
    target = resolved(DEFINITIONS[node["$ref"].removeprefix("#/$defs/")])
    merged: dict[str, Any] = _merge(target, {k: v for k, v in node.items() if k != "$ref"})
    return merged


# Free text: ordinary words and the characters that break naive YAML, Markdown, HTML and
# terminals (quotes, indicators, tabs, line breaks, ESC, a C1 CSI, bidirectional overrides).
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("abcdefghij klmnop ABC 0123456789.,"),
        st.sampled_from(list(":#-&*!|>'\"%@`{}[],?<\\\t\n\x1b\x9b\u202e\u2066é中😀")),
    ),
    min_size=1,
    max_size=24,
)


IDENTIFIER: str = DEFINITIONS["common.identifier"]["pattern"]
# Ids: words of letters and digits joined by single hyphens, exactly what IDENTIFIER matches.
# (from_regex draws them correctly too, but at several milliseconds apiece, and a framework
# holds dozens; dates, versions and the rarer patterns do come from from_regex.) A few ids
# drawn per example and shared make references between items resolve as often as they dangle.
_WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
IDS = st.shared(
    st.lists(st.lists(_WORD, min_size=1, max_size=3).map("-".join), min_size=8, max_size=8),
    key="prepctl-ids",
).flatmap(st.sampled_from)
# Addresses (a change record's covers): a path of ids.
ADDRESSES = st.lists(IDS, min_size=1, max_size=4).map(lambda ids: "/" + "/".join(ids))
_COVERS = DEFINITIONS["change-record"]["properties"]["covers"]["items"]["pattern"]
# Durations (P1Y, P6M, PT24H): a number and a unit, drawn directly.
_DURATION: str = DEFINITIONS["common.duration"]["pattern"]
DURATIONS = st.one_of(
    st.builds("P{}{}".format, st.integers(1, 400), st.sampled_from("YMWD")),
    st.builds("PT{}{}".format, st.integers(1, 400), st.sampled_from("HMS")),
)
_HANDMADE = {IDENTIFIER: IDS, _COVERS: ADDRESSES, _DURATION: DURATIONS}


def strategy(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values that the schema node accepts."""
    node = resolved(node)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        properties: dict[str, Any] = node.get("properties", {})
        required = [key for key in node.get("required", []) if key in properties]
        return st.fixed_dictionaries(
            {key: strategy(properties[key]) for key in required},
            optional={
                key: strategy(value) for key, value in properties.items() if key not in required
            },
        )
    if kind == "array":
        return _list(node)
    if kind == "string":
        if "pattern" in node:
            limit = node.get("maxLength", 64)
            pattern = node["pattern"]
            found = (
                _HANDMADE[pattern]
                if pattern in _HANDMADE
                else st.from_regex(pattern, fullmatch=True)
            )
            return found.filter(lambda s: len(s) <= limit)
        return TEXT  # never empty, so minLength (1 where given) holds
    if kind in ("number", "integer"):
        low = node.get("minimum", node.get("exclusiveMinimum", -1000))
        exclusive = "exclusiveMinimum" in node
        integers = st.integers(int(low) + (1 if exclusive else 0), 10**6)
        if kind == "integer":
            return integers
        floats = st.floats(low, 1e6, exclude_min=exclusive, allow_nan=False, allow_infinity=False)
        return st.one_of(integers, floats)
    if kind == "boolean":
        return st.booleans()
    raise AssertionError(f"the generator does not know this schema node: {node}")


def _list(node: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
    items = strategy(node.get("items", {}))
    least = int(node.get("minItems", 0))
    identity = node.get("x-prepctl-identity")
    if identity and identity != "@value":
        return st.lists(items, min_size=least, max_size=max(least, 2), unique_by=_by(identity))
    unique = identity == "@value" or bool(node.get("uniqueItems"))
    if unique:
        return st.lists(items, min_size=least, max_size=max(least, 2), unique_by=_canonical)
    return st.lists(items, min_size=least, max_size=max(least, 2))


def _by(identity: str) -> Callable[[Any], Any]:
    return lambda item: item.get(identity) if isinstance(item, dict) else _canonical(item)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def frameworks() -> st.SearchStrategy[dict[str, Any]]:
    """A whole framework: the manifest's data, each collection's items beside it."""
    collections = {
        key: st.lists(strategy(node["items"]), max_size=3, unique_by=lambda item: item["id"])
        for key, node in COLLECTIONS.items()
    }
    return st.tuples(strategy(BUNDLE), st.fixed_dictionaries(collections)).map(
        lambda pair: {**pair[0], **pair[1]}
    )


class _Dumper(pyyaml.SafeDumper):
    pass


def _reads_back(text: str) -> bool:
    try:
        parsed = yamlio.parse(f"key: {text}\n".encode(), "probe")
    except InputError:
        return False
    return parsed.data == {"key": text}


def _represent_text(dumper: pyyaml.SafeDumper, text: str) -> pyyaml.ScalarNode:
    style = None if _reads_back(text) and "\n" not in text else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump(data: Any) -> bytes:
    text: str = pyyaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**9)
    return text.encode("utf-8")


def write(framework: dict[str, Any], folder: Path) -> dict[str, bytes]:
    """Write a generated framework as files; returns them (relative path → bytes)."""
    written: dict[str, bytes] = {}
    manifest = {key: value for key, value in framework.items() if key not in COLLECTIONS}
    written[source.MANIFEST] = dump(manifest)
    for key, node in COLLECTIONS.items():
        for item in framework[key]:
            written[f"{node['x-prepctl-directory']}/{item['id']}.yaml"] = dump(item)
    for relative, content in written.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content)
    return written


# Breaking them ------------------------------------------------------------------------------

VALUES = [
    *("[]", "{}", "42", "-1.5", "true", "null", "''", '"x"', "[a, b]", "{a: 1}", "~", "!!str 5"),
    *("&a x", "*a", "1:30", "yes", ".nan", "-.inf", "0x1F", "1_000", "99999999999999999999"),
    *("!!python/object/apply:os.system [x]", "|\n  block", ">-", "'unclosed", "[unclosed"),
]
INSERTS = [
    *(b"\t", b"\x00", b"\xff", b"\xc3", b"\x1b[31m", b"&a ", b"*a", b"<<: ", b"\n---\n"),
    *(b"%YAML 1.1\n", b"'", b'"', b"[", b"{", b": ", b"- ", b"#", b"\r", b"\xef\xbb\xbf"),
    *("\u2028".encode(), "\u202e".encode(), b"\\e", b"!!binary ", b"? "),
]
KEYS = [*(k for k in re.findall(r'"([a-z-]+)"', json.dumps(DEFINITIONS)) if k), "on", "<<", "id"]
KEY_LINE = re.compile(rb"^( *(?:- )?)([A-Za-z][\w-]*):", re.MULTILINE)
VALUE_END = re.compile(rb": (\S[^\n]*)$", re.MULTILINE)


def mutate(content: bytes, draw: Callable[..., Any]) -> bytes:
    """One random change to a file's bytes."""
    kind = draw(
        st.sampled_from(
            [
                "flip",
                "truncate",
                "delete-line",
                "duplicate-line",
                "rename-key",
                "swap-value",
                "insert",
            ]
        )
    )
    size = len(content)
    at = draw(st.integers(0, max(size - 1, 0)))
    lines = content.splitlines(keepends=True)
    line = draw(st.integers(0, max(len(lines) - 1, 0)))
    if kind == "flip" and size:
        return content[:at] + bytes([draw(st.integers(0, 255))]) + content[at + 1 :]
    if kind == "truncate":
        return content[:at]
    if kind == "delete-line" and lines:
        return b"".join(lines[:line] + lines[line + 1 :])
    if kind == "duplicate-line" and lines:
        return b"".join(lines[: line + 1] + lines[line:])
    if kind == "rename-key":
        keys = list(KEY_LINE.finditer(content))
        if keys:
            found = keys[draw(st.integers(0, len(keys) - 1))]
            new = draw(st.sampled_from(KEYS)).encode()
            return content[: found.start(2)] + new + content[found.end(2) :]
    if kind == "swap-value":
        values = list(VALUE_END.finditer(content))
        if values:
            found = values[draw(st.integers(0, len(values) - 1))]
            new = draw(st.sampled_from(VALUES)).encode()
            return content[: found.start(1)] + new + content[found.end(1) :]
    return content[:at] + draw(st.sampled_from(INSERTS)) + content[at:]


def break_framework(folder: Path, files: dict[str, bytes], draw: Callable[..., Any]) -> None:
    """One to three changes: to a file's bytes, or a file removed or copied under a new name."""
    for _ in range(draw(st.integers(1, 3))):
        names = sorted(files)
        name = draw(st.sampled_from(names))
        action = draw(st.sampled_from(["bytes", "bytes", "bytes", "bytes", "remove", "copy"]))
        if action == "remove" and name != source.MANIFEST:
            (folder / name).unlink()
            del files[name]
        elif action == "copy":
            copy = f"{Path(name).parent.as_posix()}/copy-{len(files)}.yaml".lstrip("./")
            copy = copy if "/" in copy else f"categories/{copy}"
            (folder / copy).parent.mkdir(parents=True, exist_ok=True)
            (folder / copy).write_bytes(files[name])
            files[copy] = files[name]
        else:
            files[name] = mutate(files[name], draw)
            (folder / name).write_bytes(files[name])


# Running the command line in-process ---------------------------------------------------------


def run(*arguments: str) -> tuple[int, str, str]:
    """``prepctl ARGUMENTS`` through ``prepctl.cli.main``: any exception but prepctl's own (which
    main turns into exit 2) is a failure."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(arguments))
    except Exception:
        pytest.fail(f"prepctl {' '.join(arguments)} raised:\n{traceback.format_exc()}")
    return code, out.getvalue(), err.getvalue()


def check(*arguments: str) -> tuple[int, str]:
    """Run twice: a known exit code, one line on stderr for exit 2, the same output twice."""
    first = run(*arguments)
    code, out, err = first
    shown = f"prepctl {' '.join(arguments)}"
    assert code in (0, 1, 2), f"{shown}: exit {code}"
    if code == 2:
        assert err.startswith("prepctl: "), f"{shown}: {err!r}"
        assert err.count("\n") == 1, f"{shown}: {err!r}"
    assert "\x1b" not in out + err, f"{shown}: ESC in the output"
    assert run(*arguments) == first, f"{shown}: a second run printed something else"
    return code, out


@contextlib.contextmanager
def workspace() -> Any:
    """A fresh folder for one example (pytest's tmp_path lives as long as the whole test)."""
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="prepctl-fuzz-") as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(here)


# Properties ---------------------------------------------------------------------------------


@settings(PROFILE)
@given(framework=frameworks())
def test_generated_frameworks_are_valid_and_read_back(framework: dict[str, Any]) -> None:
    """The generator itself: what it writes reads back as what it generated, and passes the
    schemas (references may dangle; those are rules' findings, not the schema's)."""
    with workspace() as folder:
        files = write(framework, folder / "a")
        for relative, content in files.items():
            expected = {k: v for k, v in framework.items() if k not in COLLECTIONS}
            if relative != source.MANIFEST:
                key = next(
                    k
                    for k, n in COLLECTIONS.items()
                    if relative.startswith(n["x-prepctl-directory"] + "/")
                )
                expected = next(i for i in framework[key] if relative.endswith(f"/{i['id']}.yaml"))
            assert yamlio.parse(content, relative).data == expected, content.decode()
        loaded = document.load(source.read_directory(folder / "a"))
        assert [str(f) for f in validate.validate(loaded)] == []


@settings(PROFILE)
@given(framework=frameworks(), data=st.data())
def test_broken_frameworks_never_crash_any_command(
    framework: dict[str, Any], data: st.DataObject
) -> None:
    with workspace() as folder:
        write(framework, folder / "a")
        shutil.copytree(folder / "a", folder / "b")
        files = {
            p.relative_to(folder / "b").as_posix(): p.read_bytes()
            for p in (folder / "b").rglob("*.yaml")
        }
        break_framework(folder / "b", files, data.draw)
        check("lint", "b", "--today", TODAY)
        check("diff", "a", "b", "--fail-on", "any")
        check("diff", "b", "a", "--fail-on", "any")
        check("fmt", "--check", "b")
        check("render", "b", "-f", "md")


# Semantic edits: a subtree replaced by another value its schema node accepts, an optional key
# removed, or a list item dropped.


def _node_at(path: tuple[Any, ...]) -> dict[str, Any] | None:
    if not path:
        return None
    node: dict[str, Any] | None
    if path[0] in COLLECTIONS:
        node = resolved(COLLECTIONS[path[0]])
    else:
        node = resolved(BUNDLE)
        node = resolved(node.get("properties", {}).get(path[0], {}))
    for step in path[1:]:
        if isinstance(step, int):
            node = resolved(node.get("items", {})) if node else None
        else:
            node = resolved(node.get("properties", {}).get(step, {})) if node else None
        if not node:
            return None
    return node


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def edit(framework: dict[str, Any], draw: Callable[..., Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(framework))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(result) if len(p) > 1 or p[0] not in COLLECTIONS]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = result
        for step in path[:-1]:
            parent = parent[step]
        node = _node_at(path)
        only_file = len(path) == 2 and path[0] in COLLECTIONS and len(parent) == 1
        if isinstance(parent, list) and not only_file and draw(st.booleans()):
            del parent[path[-1]]
            continue
        if node is None or (len(path) == 2 and path[0] in COLLECTIONS):
            continue
        replacement = draw(strategy(node))
        if (
            isinstance(parent, list)
            and isinstance(replacement, dict)
            and isinstance(parent[path[-1]], dict)
        ):
            identity = "id"
            if identity in parent[path[-1]] and any(
                isinstance(other, dict) and other.get(identity) == replacement.get(identity)
                for i, other in enumerate(parent)
                if i != path[-1]
            ):
                continue
        parent[path[-1]] = replacement
    return result


def _mirror(change: diff.Change) -> tuple[Any, ...]:
    here, there = change.address, change.base_address
    if there is not None:
        here, there = there, here
    return (
        here,
        there,
        change.kind.mirrored(),
        change.impact.mirrored(),
        change.after,
        change.before,
    )


def _plain(change: diff.Change) -> tuple[Any, ...]:
    return (
        change.address,
        change.base_address,
        change.kind,
        change.impact,
        change.before,
        change.after,
    )


@settings(PROFILE)
@given(framework=frameworks(), data=st.data())
def test_diff_mirrors_and_lint_and_render_repeat_on_generated_frameworks(
    framework: dict[str, Any], data: st.DataObject
) -> None:
    edited = edit(framework, data.draw)
    with workspace() as folder:
        write(framework, folder / "a")
        write(edited, folder / "b")
        a = document.load(source.read_directory(folder / "a"))
        b = document.load(source.read_directory(folder / "b"))
        assert diff.compare(a, a) == []
        forward, backward = diff.compare(a, b), diff.compare(b, a)
        assert sorted(map(_mirror, forward), key=repr) == sorted(map(_plain, backward), key=repr)
        check("lint", "b", "--today", TODAY)
        check("render", "b", "-f", "md")
        check("render", "b", "-f", "html")
