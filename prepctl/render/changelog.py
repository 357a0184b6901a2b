"""This version's part of framework/CHANGELOG.md (Keep a Changelog), when there is one."""

from __future__ import annotations

import re

NAME = "CHANGELOG.md"


def section(text: str, version: str) -> str | None:
    """The body under ``## [VERSION]`` (or ``## VERSION``, ``## vVERSION``) up to the next
    heading of level one or two; None when the changelog has no such section or it is empty."""
    heading = re.compile(rf"^##\s+\[?v?{re.escape(version)}\]?(?=[\s(\-\u2013\u2014]|$)")
    lines = text.splitlines()
    for start, line in enumerate(lines):
        if heading.match(line):
            body: list[str] = []
            fence: str | None = None
            for following in lines[start + 1 :]:
                marker = re.match(r"^ {0,3}(`{3,}|~{3,})", following)
                if marker:
                    fence = (
                        None
                        if fence and marker.group(1)[0] == fence[0]
                        else fence or marker.group(1)
                    )
                if fence is None and re.match(r"^#{1,2}\s", following):
                    break
                body.append(following)
            found = "\n".join(body).strip("\n")
            return found if found.strip() else None
    return None
