"""Runs prepctl's command line in fresh processes forked from one that has imported it already.

``python -m prepctl`` spends most of a short run importing; the bad-input corpus makes hundreds
of short runs. This server imports prepctl once, then forks a child for each run, so each run
is still a process of its own: its own memory limit, its own standard streams (files), killed
when it hangs, and it calls the same ``prepctl.cli.main`` that ``python -m prepctl`` calls,
exiting the way ``raise SystemExit(main())`` does (a traceback and exit 1 on a crash).

Protocol, one JSON object a line: the client writes ``{"runs": [{"args": [...], "cwd": ...,
"out": PATH, "err": PATH}, ...], "timeout": SECONDS, "memory": BYTES}``; the server starts every
run at once and answers ``{"codes": [...]}``, ``null`` for a run it killed as hung.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
import traceback
from typing import Any

import prepctl.cli
import prepctl.commands.diff
import prepctl.commands.fmt
import prepctl.commands.lint
import prepctl.commands.render
import prepctl.render.html
import prepctl.render.markdown


def _child(run: dict[str, Any], memory: int) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.chdir(run["cwd"])
    for fd, path, flags in (
        (0, os.devnull, os.O_RDONLY),
        (1, run["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        (2, run["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
    ):
        opened = os.open(path, flags, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    try:
        code: Any = prepctl.cli.main(run["args"])
    except SystemExit as exc:
        code = exc.code
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    return code if isinstance(code, int) else (0 if code is None else 1)


def _serve(request: dict[str, Any]) -> list[int | None]:
    pids: list[int] = []
    for run in request["runs"]:
        pid = os.fork()
        if pid == 0:  # the child never returns into the server loop
            code = 1
            try:
                code = _child(run, int(request["memory"]))
            finally:
                os._exit(code)
        pids.append(pid)
    deadline = time.monotonic() + float(request["timeout"])
    codes: dict[int, int | None] = {}
    while len(codes) < len(pids):
        for pid in pids:
            if pid in codes:
                continue
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                codes[pid] = os.waitstatus_to_exitcode(status)
        if len(codes) < len(pids):
            if time.monotonic() > deadline:
                for pid in pids:
                    if pid not in codes:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                        codes[pid] = None
            else:
                time.sleep(0.005)
    return [codes[pid] for pid in pids]


def main() -> None:
    for line in sys.stdin:
        codes = _serve(json.loads(line))
        sys.stdout.write(json.dumps({"codes": codes}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
