"""Lint configuration: ``[tool.prepctl]`` in pyproject.toml, or a ``.prepctl.toml``.

The file is found from the framework folder upward to the repository root (the first folder
with ``.git``); in each folder a ``.prepctl.toml`` wins over a ``pyproject.toml``, and a
pyproject.toml without ``[tool.prepctl]`` is passed over. ``--config PATH`` names the file
instead. Settings (in ``.prepctl.toml`` at the top level, in pyproject.toml under
``[tool.prepctl]``)::

    select = ["dangling-reference", "missing-threshold"]   # only these rules (default: all)
    ignore = ["commitment-language"]                        # never these

    [tool.prepctl.rules]
    unused-safeguard = "error"                              # error, warning, info or off

    [tool.prepctl.rules.stale-review]
    severity = "error"
    max-age-days = 400                                      # the rule's options

    [tool.prepctl.per-address-ignores]
    "/categories/mental-health/*" = ["missing-threshold"]

    [tool.prepctl.release]
    tag-prefix = "framework-v"                              # release tags: PREFIX + version

    [tool.prepctl.compliance]
    profiles = ["policies/internal.yaml"]                   # own compliance profiles, relative
                                                            # to this file's folder

A framework must lint clean without any of this: configuration may tighten rules, never be
needed to pass. Every mistake (an unknown key, rule or option, a wrong type, a TOML syntax
error) is a :class:`~prepctl.errors.PrepctlError` naming the file.

The rules are imported where one is looked up, not with this module: commands that only need
the configuration's profiles or release settings (render, release, diff) do not load them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from prepctl.core import address
from prepctl.core.finding import Severity
from prepctl.errors import PrepctlError
from prepctl.lint.config_check import DEFAULT_TAG_PREFIX, DOTFILE, Checker

PYPROJECT = "pyproject.toml"
_TOML_POSITION = re.compile(r"^(?P<problem>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
# Checked before tomllib reads a file: Python refuses to turn more than 4,300 digits into an
# integer, and tomllib recurses once for each level of nesting. No setting needs more than these.
MAX_NESTING = 32
MAX_NUMBER_CHARACTERS = 100


class Config(NamedTuple):
    """Which rules run, at what severity, with which options, and where they are ignored."""

    path: Path | None = None
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severities: Mapping[str, Severity | None] = MappingProxyType({})
    options: Mapping[str, Mapping[str, Any]] = MappingProxyType({})
    per_address_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    tag_prefix: str = DEFAULT_TAG_PREFIX
    profiles: tuple[Path, ...] = ()

    def enabled(self, rule: str) -> bool:
        from prepctl import rules

        if rule == rules.SCHEMA_RULE.id:
            return True
        if self.select is not None and rule not in self.select:
            return False
        return rule not in self.ignore and self.severity(rule) is not None

    def severity(self, rule: str) -> Severity | None:
        from prepctl import rules

        if rule in self.severities:
            return self.severities[rule]
        module = rules.RULES.get(rule)
        return module.SEVERITY if module is not None else rules.SCHEMA_RULE.severity

    def options_for(self, rule: str) -> dict[str, Any]:
        from prepctl import rules

        module = rules.RULES.get(rule)
        defaults: dict[str, Any] = dict(module.OPTIONS) if module is not None else {}
        return {**defaults, **self.options.get(rule, {})}

    def ignored_at(self, rule: str, where: str) -> bool:
        return any(
            rule in ids and address.matches(pattern, where)
            for pattern, ids in self.per_address_ignores
        )


DEFAULT = Config()


def find(start: Path) -> Path | None:
    """The configuration file for a framework folder, searching upward to the repository root."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        dotfile = candidate / DOTFILE
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _mentions_prepctl(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def _mentions_prepctl(pyproject: Path) -> bool:
    try:
        text = pyproject.read_bytes()
    except OSError:
        return False
    return b"tool.prepctl" in text or (b"[tool]" in text and b"prepctl" in text)


def for_framework(folder: Path, override: Path | None = None) -> Config:
    """The configuration that applies to a framework folder: ``override`` when given."""
    path = override if override is not None else find(folder)
    return DEFAULT if path is None else load(path)


def load(path: Path) -> Config:
    """Read and check one configuration file."""
    settings = _read(path)
    is_pyproject = path.name == PYPROJECT
    if is_pyproject:
        tool = settings.get("tool", {})
        if not isinstance(tool, dict) or "prepctl" not in tool:
            raise PrepctlError(f"{path}: no [tool.prepctl] table in this file")
        settings = tool["prepctl"]
        if not isinstance(settings, dict):
            raise PrepctlError(f"{path}: [tool.prepctl] must be a table")
    return Config(
        path=path, **Checker(path, "tool.prepctl" if is_pyproject else "").check(settings)
    )


def _read(path: Path) -> dict[str, Any]:
    if path.exists() and not path.is_file():
        # A named pipe would block the read forever; a device could be endless.
        raise PrepctlError(f"cannot read configuration {path}: not a regular file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PrepctlError(f"cannot read configuration {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PrepctlError(f"{path}: configuration is not valid UTF-8") from None
    if sys.version_info >= (3, 11):  # imported here: most runs find no configuration file
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    beyond = _beyond_limits(text)
    if beyond is not None:
        line, column, problem = beyond
        raise PrepctlError(f"{path}:{line}:{column}: {problem}")
    try:
        loaded: dict[str, Any] = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        if not isinstance(exc, tomllib.TOMLDecodeError):  # pragma: no cover - limits above
            raise PrepctlError(f"{path}: invalid TOML: {str(exc)[:200]}") from None
        message = str(exc)
        found = _TOML_POSITION.match(message)
        if found:
            raise PrepctlError(
                f"{path}:{found['line']}:{found['column']}: invalid TOML: {found['problem']}"
            ) from None
        message = message.replace(" (at end of document)", " at the end of the file")
        raise PrepctlError(f"{path}: invalid TOML: {message}") from None
    return loaded


def _beyond_limits(text: str) -> tuple[int, int, str] | None:
    """The first place where a TOML text nests deeper than :data:`MAX_NESTING` or writes a
    number longer than :data:`MAX_NUMBER_CHARACTERS`, as (line, column, problem); text in
    quotes and comments is passed over. One pass over the text."""
    depth = 0
    line, line_start = 1, 0
    at, end = 0, len(text)
    while at < end:
        character = text[at]
        if character == "\n":
            line, line_start = line + 1, at + 1
        elif character == "#":
            at = text.find("\n", at)
            if at < 0:
                break
            continue
        elif character in "\"'":
            after = _string_end(text, at)
            breaks = text.count("\n", at, after)
            if breaks:
                line, line_start = line + breaks, text.rfind("\n", at, after) + 1
            at = after
            continue
        elif character in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return (
                    line,
                    at - line_start + 1,
                    f"lists and tables are nested more than {MAX_NESTING} levels deep here, "
                    "over the limit",
                )
        elif character in "]}":
            depth = max(depth - 1, 0)
        elif "0" <= character <= "9":
            stop = at
            while stop < end and (text[stop].isalnum() or text[stop] == "_"):
                stop += 1
            if stop - at > MAX_NUMBER_CHARACTERS:
                return (
                    line,
                    at - line_start + 1,
                    f"this number is {stop - at:,} characters long; a setting allows at most "
                    f"{MAX_NUMBER_CHARACTERS}",
                )
            at = stop
            continue
        at += 1
    return None


def _string_end(text: str, at: int) -> int:
    """Where the TOML string opening at ``at`` ends (past its closing quotes), or the end of
    its line if it is not closed there (tomllib then says what is wrong)."""
    quote = text[at]
    if text.startswith(quote * 3, at):
        found = at + 3
        while True:
            found = text.find(quote * 3, found)
            if found < 0:
                return len(text)
            if quote == "'" or not _escaped(text, found):
                return found + 3
            found += 1
    found = at + 1
    while found < len(text) and text[found] not in (quote, "\n"):
        found += 2 if quote == '"' and text[found] == "\\" else 1
    return min(found + 1, len(text))


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd number of backslashes."""
    start = at
    while start > 0 and text[start - 1] == "\\":
        start -= 1
    return (at - start) % 2 == 1
