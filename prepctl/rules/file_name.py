"""Each file of a collection is named after the id it holds.

A category, safeguard or change record lives in its own file, `categories/<id>.yaml` (or
`<id>.yml`). Its address comes from its id (its `x-prepctl-identity`), and people find it by
its file name; when the two differ, an address points to a file nobody would look in, and
renaming one without the other quietly changes what the framework's history tracks. Rename the
file, or fix the id (an id that has been published should be retired, not reused).

**Passes** (in `categories/cybersecurity.yaml`)

```yaml
id: cybersecurity
name: Cybersecurity
```

**Fails** (in `categories/cyber.yaml`)

```yaml
id: cybersecurity
name: Cybersecurity
```
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from prepctl.core import meaning, walk
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "file-name"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    collections = meaning.root().collections()
    for name, files in walk.collection_files(document).items():
        key = collections[name].identity
        for file in files:
            identity = file.data.get(key) if isinstance(file.data, dict) else None
            if not isinstance(identity, str):
                continue
            path = PurePosixPath(file.relative)
            if identity == path.stem:
                continue
            yield Problem(
                file.address(()),
                f"{key} '{identity}' does not match the file name '{path.name}'; rename the file "
                f"to '{identity}{path.suffix}' or change the {key} to '{path.stem}'",
                file.location((key,)),
            )
