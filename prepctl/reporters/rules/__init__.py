"""Reporters for ``prepctl rules`` and ``prepctl explain``: the lint rules' documentation
(formats listed in :data:`prepctl.reporters.RULES_REPORTERS`)."""
