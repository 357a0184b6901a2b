"""The comparison of frameworks (``prepctl compare``) in text, Markdown and JSON; the HTML page
is laid out by :mod:`prepctl.render.compare`."""
