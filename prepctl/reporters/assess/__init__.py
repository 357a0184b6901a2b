"""Reporters for ``prepctl assess``: one output format each (listed in
:data:`prepctl.reporters.ASSESS_REPORTERS`)."""
