"""``prepctl schema``: print a self-contained schema, or list them."""

from __future__ import annotations

import json

import click

from prepctl.io import schemas


def run(name: str | None) -> int:
    if name is None:
        for known in schemas.names():
            if known == "common":
                continue
            title = schemas.source(known).get("title", "")
            click.echo(f"{known:<16} {title}")
        return 0
    click.echo(json.dumps(schemas.bundle(name), indent=2, ensure_ascii=False))
    return 0
