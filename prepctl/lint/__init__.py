"""Linting: the engine that runs the rules over a framework (:mod:`prepctl.lint.engine`), and the
configuration that selects and tunes them (:mod:`prepctl.lint.config`). It sits above the rules (it
runs them) and below the commands and reporters.

The package imports nothing itself, so a command that only reads the configuration (render, site)
does not load every rule."""
