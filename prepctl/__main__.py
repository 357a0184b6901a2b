from __future__ import annotations

from prepctl.cli import main

raise SystemExit(main())
