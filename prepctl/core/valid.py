"""The gate before a framework version is published or released: it must be in a shape the
schemas allow. Other lint findings do not stop it; they are lint's to report."""

from __future__ import annotations

from prepctl.core import validate
from prepctl.core.document import Document
from prepctl.core.finding import Severity
from prepctl.errors import PrepctlError


def require_valid(framework: Document, *, action: str, label: str) -> None:
    """Raise, naming the first schema error (and how many more there are), unless the
    document is valid; ``action`` is what cannot be done otherwise ('render', 'release')."""
    errors = [f for f in validate.validate(framework) if f.severity is Severity.ERROR]
    if errors:
        first = min(errors, key=lambda f: f.sort_key())
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PrepctlError(
            f"cannot {action} {label or '.'}: {first.file}:{first.line}:{first.column}: "
            f"{first.message}{more}; run 'prepctl lint' for every error"
        )
