"""``prepctl schema``: print a self-contained schema, or list them."""

from __future__ import annotations

import json
import sys

from prepctl.io import schemas


def run(name: str | None) -> int:
    if name is None:
        for known in schemas.names():
            if known == "common":
                continue
            title = schemas.source(known).get("title", "")
            sys.stdout.write(f"{known:<16} {title}\n")
        return 0
    sys.stdout.write(json.dumps(schemas.bundle(name), indent=2, ensure_ascii=False) + "\n")
    return 0
