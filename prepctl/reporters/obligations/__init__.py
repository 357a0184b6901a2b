"""Reporters for ``prepctl obligations``: one output format each (listed in
:data:`prepctl.reporters.OBLIGATIONS_REPORTERS`)."""
