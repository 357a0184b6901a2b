"""``prepctl migrate``: rewrite a framework written for an earlier schema for the current one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from prepctl.commands.fmt import _read, unified_diff
from prepctl.commands.sources import resolve_folder
from prepctl.core import fmt, migrate, source
from prepctl.core.framework_files import FrameworkFile, _file
from prepctl.errors import PrepctlError
from prepctl.io import yaml as yamlio
from prepctl.io.output import write_atomic
from prepctl.terminal import safe


def _upgrade(data: Any) -> None:
    # The data is plain (for the check) or ruamel's commented tree (the file itself): new
    # mappings are made of the same kind, so that comments and layout carry over.
    if isinstance(data, dict):
        kind = type(data)
        migrate.upgrade(data, make=lambda: kind())


def run(paths: list[str], *, check: bool, diff: bool) -> int:
    folders = [resolve_folder(p) for p in paths] if paths else [source.find_framework(Path.cwd())]
    pending: list[tuple[FrameworkFile, str, str, int]] = []
    for folder in folders:
        manifest = _file(folder, folder / source.MANIFEST)
        before = _read(manifest)
        data = yamlio.parse(before.encode("utf-8"), manifest.display).data
        written_for = migrate.version(data)
        if written_for > migrate.CURRENT:
            raise PrepctlError(
                f"{safe(manifest.display)}: written for schema version {written_for}, newer than "
                f"this prepctl's ({migrate.CURRENT}); upgrade prepctl"
            )
        if written_for == migrate.CURRENT:
            continue
        after = fmt.format_text(
            before, schema=manifest.schema, name=manifest.display, transform=_upgrade
        )
        pending.append((manifest, before, after, written_for))
    for manifest, before, after, written_for in pending:
        if diff:
            sys.stdout.write(unified_diff(manifest.display, before, after))
        if check:
            sys.stdout.write(
                f"would migrate {safe(manifest.display)} from schema version {written_for}\n"
            )
    if check or diff:
        if not pending:
            sys.stderr.write(f"already at schema version {migrate.CURRENT}\n")
        return 1 if pending else 0
    for manifest, _, after, written_for in pending:
        write_atomic(manifest.path, after)
        sys.stderr.write(
            f"migrated {safe(manifest.display)} from schema version {written_for} to "
            f"{migrate.CURRENT}\n"
        )
    if not pending:
        sys.stderr.write(f"already at schema version {migrate.CURRENT}\n")
    return 0
