"""``prepctl schema``: print a self-contained schema, or list them."""

from __future__ import annotations

import json
import sys

from prepctl.io import schemas


def run(name: str | None) -> int:
    if name is None:
        listed = [known for known in schemas.names() if known != "common"]
        width = max(map(len, listed), default=0)
        for known in listed:
            title = schemas.source(known).get("title", "")
            sys.stdout.write(f"{known:<{width}} {title}\n")
        return 0
    sys.stdout.write(json.dumps(schemas.bundle(name), indent=2, ensure_ascii=False) + "\n")
    return 0
