"""The one exception family for expected failures.

Everything a user can cause (a bad file, a missing framework, a wrong option value) raises a
subclass of :class:`PrepctlError`. The command line turns it into one line on stderr and an
exit code (:func:`prepctl.cli.exit_code`: 1 for a :class:`Refusal`, 2 for the others);
anything else is a bug and is allowed to surface as such.
"""

from __future__ import annotations


class PrepctlError(Exception):
    """An expected failure with a message meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(PrepctlError):
    """A framework file cannot be read as YAML (syntax, encoding, limits, duplicate keys)."""

    def __init__(self, file: str, line: int, column: int, problem: str) -> None:
        super().__init__(f"{file}:{line}:{column}: {problem}")
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem


class FrameworkNotFound(PrepctlError):
    """No framework where one was expected."""


class Refusal(PrepctlError):
    """A request declined as asked, though nothing is wrong with the input (nothing to
    release, changes to review first); the message says what to do. Exit 1, as findings."""
