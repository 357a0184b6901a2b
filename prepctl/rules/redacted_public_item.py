"""An item a claimed profile requires to be public is not marked confidential.

Some requirements of a compliance profile are about what the developer makes public (the Seoul
commitments' public transparency, Commitment VII): an item that meets such a requirement (a
`satisfies` entry naming it, on the item or anywhere inside it) is the evidence that something
is published, so withholding it from the public edition (a `confidential` mark) defeats the
requirement. A profile says so with `public: true` on the requirement. The finding stands on the
confidential mark; remove the mark, or the mapping if the item does not in fact meet the
requirement.

**Passes**

```yaml
# governance/duties in framework.yaml
- id: publish-framework
  text: The developer will publish the current framework on its website.
  satisfies:
    - seoul-2024/VII
```

**Fails**

```yaml
- id: publish-framework
  text: The developer will publish the current framework on its website.
  confidential:
    reason: trade-secret
  satisfies:
    - seoul-2024/VII     # public transparency: must be public
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prepctl.core import address, compliance, confidential
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.rules.base import Context, Problem

ID = "redacted-public-item"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(document: Document, context: Context) -> Iterator[Problem]:
    withheld = confidential.redactions(document)
    if not withheld:
        return
    claimed = {claim.profile for claim in compliance.claims(document)}
    catalogue = compliance.Catalogue(context.profiles)
    for mapping in compliance.mappings(document):
        redaction = confidential.is_redacted(mapping.holder, withheld)
        if redaction is None or mapping.profile not in claimed:
            continue
        profile = catalogue.get(mapping.profile)
        requirement = profile.requirement(mapping.requirement) if profile is not None else None
        if requirement is None or not requirement.public:
            continue
        yield Problem(
            address.join(redaction.address, "confidential"),
            f"{redaction.address} is marked confidential ({redaction.reason_words}), but it "
            f"meets {mapping.text} ({profile.id if profile else ''} {requirement.section}, "
            f"{requirement.title}), which must be public: remove the mark, or the mapping",
            document.location(address.join(redaction.address, "confidential"))
            or redaction.location,
        )
