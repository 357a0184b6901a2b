"""The floor under ``prepctl lint``: read and parse every YAML file of a framework with
libyaml (PyYAML's ``CSafeLoader``) and nothing else, the collector off as in prepctl.

    python benchmarks/floor.py FRAMEWORK
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import yaml


def main() -> int:
    gc.disable()
    for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
