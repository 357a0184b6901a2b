"""Checking configuration settings: every key, rule id, severity and option, with a message
that names the mistake and the file (see :mod:`prepctl.lint.config` for the settings)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict

from prepctl.core.finding import Severity
from prepctl.errors import PrepctlError

DOTFILE = ".prepctl.toml"
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


class Settings(TypedDict):
    """What a configuration file sets, checked (a :class:`~prepctl.lint.config.Config` less its
    path)."""

    select: frozenset[str] | None
    ignore: frozenset[str]
    severities: Mapping[str, Severity | None]
    options: Mapping[str, Mapping[str, Any]]
    per_address_ignores: tuple[tuple[str, frozenset[str]], ...]
    tag_prefix: str
    profiles: tuple[Path, ...]


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


class Checker:
    """Turns parsed TOML into the settings of a Config, or stops at the first mistake with a
    clear message."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix

    def table(self, *names: str) -> str:
        parts = [part for part in (self.prefix, *names) if part]
        return f"[{'.'.join(parts)}]" if parts else "the top level"

    def fail(self, message: str) -> PrepctlError:
        return PrepctlError(f"{self.path}: {message}")

    def check(self, settings: dict[str, Any]) -> Settings:
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
        return Settings(
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
