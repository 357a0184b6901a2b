"""How prepctl runs git: every git command it starts is started here.

git finds the repository as it would for the user at the command line: GIT_DIR,
GIT_WORK_TREE, GIT_OBJECT_DIRECTORY and git's other variables keep their meaning, taken from
the folder prepctl was started in (a relative path in one of them is made absolute first, and
GIT_DIR without GIT_WORK_TREE makes that folder the working tree, as it does for git there),
whichever folder a command is then run in.

Nothing the repository's configuration names is run for a reading: no file system monitor
(``core.fsmonitor``), no hook (``core.hooksPath`` points nowhere), no pager, no index write
(``GIT_OPTIONAL_LOCKS=0``, so a status check leaves the index and its hooks alone), no prompt.
Commands that could run other programs from the configuration are not asked to: prepctl
reads objects, never checks anything out, and asks for no patch, text conversion or
signature. The one exception is the status check, which compares files with the index and
would run a clean filter the repository configures; :func:`without_filters` names each
configured filter driver off for it. A write the user asked for (``release --tag`` creating
its tag) runs with ``hooks=True``: the repository's own hooks see it, as they would see
``git tag``.

Everything here is light to import (a rendering asks git for HEAD, and nothing more).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

PATH_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_INDEX_FILE",
)
"""git's variables that hold a path, which git reads relative to the folder it runs in."""

_QUIET = {
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "LC_ALL": "C",  # git's messages in English, the language of prepctl's own
}

_WORK_TREES: dict[tuple[str, str, str], str | None] = {}
"""Working trees found for GIT_DIR, by GIT_DIR and folder (one ``git rev-parse`` each)."""


def executable() -> str | None:
    """The git program on PATH, or None."""
    import shutil  # here, not at the top: a rendering imports this module, rarely needing it

    return shutil.which("git")


def command(program: str, *arguments: str, hooks: bool = False) -> list[str]:
    """A git command line that runs nothing the repository configures (hooks: only with
    ``hooks``, for a write the user asked for)."""
    settings = ["-c", "core.fsmonitor=false"]
    if not hooks:
        settings += ["-c", f"core.hooksPath={os.devnull}"]
    return [program, "--no-pager", *settings, *arguments]


def environment(program: str) -> dict[str, str]:
    """The environment for git: the user's, with git's path variables as seen from the folder
    prepctl was started in, and nothing interactive."""
    env = dict(os.environ)
    here = os.getcwd()
    for name in PATH_VARIABLES:
        if env.get(name):
            env[name] = os.path.join(here, env[name])
    if env.get("GIT_DIR") and not env.get("GIT_WORK_TREE"):
        top = _work_tree(program, env, here)
        if top is not None:
            env["GIT_WORK_TREE"] = top
    env.update(_QUIET)
    return env


def _work_tree(program: str, env: dict[str, str], here: str) -> str | None:
    """The working tree git takes for GIT_DIR from ``here`` (the current folder, unless the
    repository's configuration names one); None for a bare repository or none at all."""
    import subprocess

    key = (env["GIT_DIR"], env.get("GIT_CEILING_DIRECTORIES", ""), here)
    if key not in _WORK_TREES:
        try:
            done = subprocess.run(
                command(program, "rev-parse", "--show-toplevel"),
                cwd=here,
                env={**env, **_QUIET},
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        except OSError:
            return None
        found = os.fsdecode(done.stdout).removesuffix("\n")
        _WORK_TREES[key] = found if done.returncode == 0 and found else None
    return _WORK_TREES[key]


def run(
    program: str,
    cwd: Path,
    *arguments: str,
    hooks: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``cwd``, its output captured (raises OSError when it cannot be started)."""
    import subprocess

    return subprocess.run(
        command(program, *arguments, hooks=hooks),
        cwd=cwd,
        env=env if env is not None else environment(program),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )


def without_filters(program: str, cwd: Path, env: dict[str, str]) -> dict[str, str]:
    """Variables that turn off every filter driver the configuration names, for a command
    that would otherwise run its clean filter (reading the configuration runs nothing). A
    file such a filter would clean is then compared as it is on disk. The settings are given
    as git's GIT_CONFIG_COUNT entries, after any the user has, so that a driver's name is
    never split at an '='."""
    import subprocess

    done = subprocess.run(
        command(program, "config", "-z", "--name-only", "--get-regexp", r"^filter\..+\."),
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    drivers = {
        name.rpartition(".")[0]
        for name in os.fsdecode(done.stdout).split("\0")
        if name.startswith("filter.") and name.count(".") >= 2
    }
    if not drivers:
        return {}
    try:
        count = int(env.get("GIT_CONFIG_COUNT") or 0)
    except ValueError:
        return {}  # git refuses such a count itself, and runs nothing
    found: dict[str, str] = {}
    for driver in sorted(drivers):
        for key, value in (("clean", ""), ("smudge", ""), ("process", ""), ("required", "false")):
            found[f"GIT_CONFIG_KEY_{count}"] = f"{driver}.{key}"
            found[f"GIT_CONFIG_VALUE_{count}"] = value
            count += 1
    found["GIT_CONFIG_COUNT"] = str(count)
    return found
