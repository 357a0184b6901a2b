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

DOTFILE = ".prepctl.toml"
PYPROJECT = "pyproject.toml"
SEVERITIES: dict[str, Severity | None] = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "off": None,
}
_KEYS = ("select", "ignore", "rules", "per-address-ignores", "release", "compliance")
_COMPLIANCE_KEYS = ("profiles",)
_RELEASE_KEYS = ("tag-prefix",)
DEFAULT_TAG_PREFIX = "framework-v"
_TAG_PREFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
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
    return _Checker(path, "tool.prepctl" if is_pyproject else "").config(settings)


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


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list of text"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__  # pragma: no cover - TOML has no other types


def _shown(value: Any) -> str:
    """A value for a message, shortened to its start and length when long."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**40:
        return f"a number of {len(f'{value:x}'):,} hexadecimal digits"
    if not isinstance(value, str):
        text = repr(value).replace("True", "true").replace("False", "false")
        return text if len(text) <= 80 else f"{text[:80]}… ({len(text):,} characters)"
    return f"'{value}'" if len(value) <= 40 else f"'{value[:40]}…' ({len(value):,} characters)"


class _Checker:
    """Turns parsed TOML into a Config, or stops at the first mistake with a clear message."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix

    def table(self, *names: str) -> str:
        parts = [part for part in (self.prefix, *names) if part]
        return f"[{'.'.join(parts)}]" if parts else "the top level"

    def fail(self, message: str) -> PrepctlError:
        return PrepctlError(f"{self.path}: {message}")

    def config(self, settings: dict[str, Any]) -> Config:
        for key in settings:
            if key not in _KEYS:
                if key == "tool" and not self.prefix:
                    raise self.fail(
                        f"in {DOTFILE}, write the settings at the top level, without [tool.prepctl]"
                    )
                raise self.fail(
                    f"unknown key {_shown(key)} in {self.table()}{self.hint(key, _KEYS)}"
                )
        select = settings.get("select")
        severities, options = self.rule_tables(settings.get("rules", {}))
        return Config(
            path=self.path,
            select=frozenset(self.rule_list("select", select)) if select is not None else None,
            ignore=frozenset(self.rule_list("ignore", settings.get("ignore", []))),
            severities=severities,
            options=options,
            per_address_ignores=self.per_address(settings.get("per-address-ignores", {})),
            tag_prefix=self.tag_prefix(settings.get("release", {})),
            profiles=self.profiles(settings.get("compliance", {})),
        )

    def hint(self, word: str, choices: tuple[str, ...] | list[str]) -> str:
        from prepctl import rules

        close = rules.suggest(word, list(choices))
        return f" (did you mean '{close}'?)" if close else ""

    def rule_id(self, rule: Any, where: str) -> str:
        from prepctl import rules

        if not isinstance(rule, str):
            raise self.fail(f"{where} must list rule ids as text, got {_shown(rule)}")
        if rule in (rules.SCHEMA_RULE.id, rules.YAML_RULE.id):
            raise self.fail(
                f"{where}: the {rule} rule cannot be configured; {rule} errors are always errors"
            )
        if rule not in rules.RULES:
            hint = self.hint(rule, list(rules.RULES)) or "; `prepctl rules` lists them"
            raise self.fail(f"unknown rule {_shown(rule)} in {where}{hint}")
        return rule

    def rule_list(self, key: str, value: Any) -> list[str]:
        where = f"{key} in {self.table()}"
        if not isinstance(value, list):
            raise self.fail(f"{where} must be a list of rule ids, got {_kind(value)}")
        return [self.rule_id(rule, where) for rule in value]

    def rule_tables(
        self, tables: Any
    ) -> tuple[dict[str, Severity | None], dict[str, dict[str, Any]]]:
        from prepctl import rules

        if not isinstance(tables, dict):
            raise self.fail(f"{self.table('rules')} must be a table, got {_kind(tables)}")
        severities: dict[str, Severity | None] = {}
        options: dict[str, dict[str, Any]] = {}
        for rule, setting in tables.items():
            rule = self.rule_id(rule, self.table("rules"))
            if isinstance(setting, str):
                severities[rule] = self.severity(setting, self.table("rules"), rule)
                continue
            if not isinstance(setting, dict):
                raise self.fail(
                    f"{rule} in {self.table('rules')} must be a severity "
                    f"({', '.join(SEVERITIES)}) or a table, got {_shown(setting)}"
                )
            where = self.table("rules", rule)
            known = rules.RULES[rule].OPTIONS
            options[rule] = {}
            for key, value in setting.items():
                if key == "severity":
                    severities[rule] = self.severity(value, where, "severity")
                elif key not in known:
                    names = ", ".join(["severity", *known])
                    hint = self.hint(key, ["severity", *known])
                    raise self.fail(
                        f"unknown option {_shown(key)} in {where}{hint or f' (known: {names})'}"
                    )
                else:
                    options[rule][key] = self.option(value, known[key], where, key)
        return severities, options

    def severity(self, value: Any, where: str, key: str) -> Severity | None:
        if not isinstance(value, str) or value not in SEVERITIES:
            raise self.fail(
                f"{key} in {where} must be one of {', '.join(SEVERITIES)}, got {_shown(value)}"
            )
        return SEVERITIES[value]

    def option(self, value: Any, default: Any, where: str, key: str) -> Any:
        expected = _kind(default)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            expected = "a whole number, 0 or more"
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif isinstance(default, list):
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        else:
            ok = isinstance(value, type(default))
        if not ok:
            raise self.fail(f"{key} in {where} must be {expected}, got {_shown(value)}")
        return value

    def tag_prefix(self, table: Any) -> str:
        where = self.table("release")
        if not isinstance(table, dict):
            raise self.fail(f"{where} must be a table, got {_kind(table)}")
        for key in table:
            if key not in _RELEASE_KEYS:
                hint = self.hint(key, _RELEASE_KEYS) or f" (known: {', '.join(_RELEASE_KEYS)})"
                raise self.fail(f"unknown key {_shown(key)} in {where}{hint}")
        prefix = table.get("tag-prefix", DEFAULT_TAG_PREFIX)
        if not isinstance(prefix, str):
            raise self.fail(f"tag-prefix in {where} must be text, got {_shown(prefix)}")
        if not _TAG_PREFIX.match(prefix) or ".." in prefix or "//" in prefix:
            raise self.fail(
                f"tag-prefix in {where} must start a git tag name: letters, digits, '.', '_', "
                f"'-' and '/', starting with a letter or digit, such as 'framework-v'; got "
                f"{_shown(prefix)}"
            )
        return prefix

    def profiles(self, table: Any) -> tuple[Path, ...]:
        """Compliance profile files, relative to the configuration file's folder."""
        where = self.table("compliance")
        if not isinstance(table, dict):
            raise self.fail(f"{where} must be a table, got {_kind(table)}")
        for key in table:
            if key not in _COMPLIANCE_KEYS:
                known = ", ".join(_COMPLIANCE_KEYS)
                hint = self.hint(key, _COMPLIANCE_KEYS) or f" (known: {known})"
                raise self.fail(f"unknown key {_shown(key)} in {where}{hint}")
        paths = table.get("profiles", [])
        if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
            raise self.fail(
                f"profiles in {where} must be a list of file paths, got {_shown(paths)}"
            )
        found: list[Path] = []
        for written in paths:
            path = self.path.parent / written
            if not path.is_file():
                raise self.fail(f"profiles in {where}: no file '{written}' (looked for {path})")
            found.append(path)
        return tuple(found)

    def per_address(self, table: Any) -> tuple[tuple[str, frozenset[str]], ...]:
        where = self.table("per-address-ignores")
        if not isinstance(table, dict):
            raise self.fail(f"{where} must be a table, got {_kind(table)}")
        entries: list[tuple[str, frozenset[str]]] = []
        for pattern, ids in table.items():
            if not pattern.startswith("/"):
                raise self.fail(
                    f"{_shown(pattern)} in {where} is not an address; addresses start with '/', "
                    "such as /categories/cybersecurity"
                )
            entries.append((pattern, frozenset(self.rule_list(f"'{pattern}'", ids))))
        return tuple(entries)
