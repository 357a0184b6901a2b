"""Where the program starts: both the ``prepctl`` command and ``python -m prepctl``.

Nothing is imported here at first: click and the rest of prepctl load inside :func:`main`, so
that Ctrl-C from the moment prepctl's own code runs ends as it does later on, with one line
and exit 130, never with a traceback.

While a module is being imported, Ctrl-C ends the process at once: importing writes nothing
that needs cleaning up, and a KeyboardInterrupt raised inside the import machinery does not
always arrive as one (Python 3.11 turns one raised under ``__set_name__`` into a RuntimeError,
and reports and drops one raised in the import lock's weakref callback). Anywhere else it is
the usual KeyboardInterrupt, so that a half-written file is still removed on the way out.
"""

from __future__ import annotations

import os  # both loaded with Python itself: nothing is imported before main() starts
import sys

TYPE_CHECKING = False  # typing itself takes milliseconds to import
if TYPE_CHECKING:
    from types import FrameType

EXIT_INTERRUPTED = 130
_MESSAGE = b"prepctl: interrupted\n"


def main() -> int:
    try:
        import signal

        signal.signal(signal.SIGINT, _interrupted)
        from prepctl.cli import main as run

        code = run()
    except KeyboardInterrupt:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits for the message
        sys.stderr.write(_MESSAGE.decode())
        code = EXIT_INTERRUPTED
    if code == EXIT_INTERRUPTED:
        # An interrupt that passed through exec() or eval() (templates are compiled with them)
        # stays marked as never handled, and at exit CPython would end the process by SIGINT
        # instead of with this code; a later exec() clears the mark (run_eval_code_obj in
        # CPython's Python/pythonrun.c).
        exec("")
    # Only Python's shutdown follows: a Ctrl-C now ends the process as the signal does by
    # default, rather than raising where nothing would catch it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    return code


def _interrupted(number: int, frame: FrameType | None) -> None:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            os.write(2, _MESSAGE)
            os._exit(EXIT_INTERRUPTED)
        frame = frame.f_back
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
