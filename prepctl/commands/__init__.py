"""One module a command; each exposes ``run(...) -> int``."""
