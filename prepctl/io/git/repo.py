"""A repository as git finds it, and the one way prepctl asks git anything.

git itself does the reading: ``git rev-parse`` finds the repository and resolves refs (so a
ref, GIT_DIR and the other variables of git's environment mean exactly what they mean to git).
Every command is started as :mod:`prepctl.io.git.run` starts them, running nothing the
repository configures. What git says when it cannot read the repository (a damaged pack, a
broken ``packed-refs``, a missing object) is passed on as damage, in git's words, never
mistaken for an empty repository or a missing framework.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from prepctl.errors import PrepctlError
from prepctl.io.git import run as gitrun

if TYPE_CHECKING:
    import subprocess

SHALLOW_HINT = "the clone is shallow; fetch more history (git fetch --unshallow)"
FSCK_HINT = "git fsck tells more"


class GitError(PrepctlError):
    """A version cannot be read from git."""


class RefNotFound(GitError):
    """The ref names nothing in the repository."""

    def __init__(self, message: str, suggestion: str | None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


class NoCommitsYet(RefNotFound):
    """The repository has no commit at all (HEAD is unborn and no ref exists)."""


class NotARepository(GitError):
    """There is no git repository to read a ref from."""


class RepositoryDamaged(GitError):
    """git could not read the repository's own data (a pack, an object, the refs)."""


_FULL_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_ANCESTRY = re.compile(r"(?:[~^][0-9]*)+\Z")
_DAMAGE_WORDS = re.compile(
    r"corrupt|packfile|packed-refs|pack file|loose object|inflate|bad object|unable to read|"
    r"invalid object|does not match index|broken|damaged",
    re.IGNORECASE,
)
_UNINFORMATIVE = ("Needed a single revision",)


def says(stderr: bytes) -> str:
    """The line of git's complaint that says most: its last fatal error, else its last error,
    else its last line."""
    lines = [line.strip() for line in os.fsdecode(stderr).splitlines() if line.strip()]
    fatal = [line[7:] for line in lines if line.startswith("fatal: ")]
    fatal = [line for line in fatal if line not in _UNINFORMATIVE]
    errors = [line[7:] for line in lines if line.startswith("error: ")]
    return (fatal or errors or lines or ["git failed"])[-1]


def is_damage(stderr: bytes) -> bool:
    """Whether what git wrote speaks of its data being unreadable (not of a name it lacks)."""
    text = os.fsdecode(stderr)
    return "error: " in text or bool(_DAMAGE_WORDS.search(text))


def damage(what: str, words: str) -> RepositoryDamaged:
    return RepositoryDamaged(f"{what}: the repository is damaged: {words} ({FSCK_HINT})")


@dataclass(frozen=True)
class Repository:
    """A repository as git finds it from a folder, and how to run git on it."""

    what: str
    """The start of every message about it, e.g. ``cannot read framework at ref 'main'``."""
    program: str
    cwd: Path
    env: dict[str, str]
    top: Path | None
    """The working tree's top folder (None for a bare repository)."""
    shallow: bool

    @classmethod
    def open(cls, what: str, cwd: Path) -> Repository:
        program = gitrun.executable()
        if program is None:
            raise GitError(f"{what}: git is not installed (no git program on PATH)")
        env = gitrun.environment(program)
        asked = ("rev-parse", "--absolute-git-dir", "--is-shallow-repository")
        done = start(what, program, cwd, env, *asked, "--is-inside-work-tree")
        if done.returncode != 0:
            said = says(done.stderr)
            if said.startswith("not a git repository"):
                named = os.environ.get("GIT_DIR")
                if named:
                    raise GitError(f"{what}: GIT_DIR={named} is not a git repository")
                raise NotARepository(f"{what}: {cwd} is not inside a git repository")
            raise GitError(f"{what}: {said}")
        lines = os.fsdecode(done.stdout).split("\n")
        if len(lines) != 4 or lines[1] not in ("true", "false"):
            raise GitError(f"{what}: cannot read what git says of the repository")
        top = None
        if lines[2] == "true":
            shown = start(what, program, cwd, env, "rev-parse", "--show-toplevel")
            if shown.returncode == 0:
                top = Path(os.fsdecode(shown.stdout).removesuffix("\n"))
        return cls(what, program, cwd, env, top, lines[1] == "true")

    def run(
        self, *arguments: str, hooks: bool = False, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        return start(self.what, self.program, self.cwd, env or self.env, *arguments, hooks=hooks)

    def output(self, *arguments: str) -> str:
        """What a git command prints; when it fails, its own words, as damage if they say so."""
        done = self.run(*arguments)
        if done.returncode != 0:
            if is_damage(done.stderr):
                raise damage(self.what, says(done.stderr))
            raise GitError(f"{self.what}: {says(done.stderr)}")
        return os.fsdecode(done.stdout)

    def peel(self, ref: str, kind: str) -> tuple[str | None, bytes]:
        """The object ``ref`` names, peeled to ``kind`` (``commit``, ``object``), or None, and
        what git said."""
        done = self.run("rev-parse", "--verify", "-q", "--end-of-options", f"{ref}^{{{kind}}}")
        found = os.fsdecode(done.stdout).strip()
        if done.returncode != 0 or not _FULL_ID.fullmatch(found):
            return None, done.stderr
        return found, done.stderr

    def commit(self, ref: str) -> str:
        """The full id of the commit ``ref`` names (tags peeled), in any syntax git reads;
        the error says why when there is none."""
        found, _ = self.peel(ref, "commit")
        if found is not None:
            return found
        other, said = self.peel(ref, "object")
        if other is not None:
            kind = self.output("cat-file", "-t", f"{other}^{{}}").strip()
            if kind != "commit":
                raise GitError(f"{self.what}: it names a {kind}, not a commit")
            raise damage(self.what, f"commit {other[:12]} cannot be read")
        if said.strip():
            if is_damage(said):
                raise damage(self.what, says(said))
            raise GitError(f"{self.what}: {says(said)}")
        raise self._missing(ref)

    def _missing(self, ref: str) -> GitError:
        refs = self.output("for-each-ref", "--format=%(refname:short)").splitlines()
        head, _ = self.peel("HEAD", "object")
        if not refs and head is None:
            return NoCommitsYet(f"{self.what}: the repository has no commits yet", None)
        base = _ANCESTRY.sub("", ref)
        for name in dict.fromkeys(part for part in (ref, base) if part):
            named = self.run("rev-parse", "--verify", "-q", "--end-of-options", name)
            found = os.fsdecode(named.stdout).strip()
            if named.returncode != 0 or not _FULL_ID.fullmatch(found) or found == name.lower():
                continue
            if self.run("cat-file", "-e", found).returncode == 0:
                if self.shallow and name != ref:  # the ancestry reaches past the clone's start
                    return GitError(f"{self.what}: {SHALLOW_HINT}")
                break  # an ancestry longer than the history: plainly no such commit
            if self.shallow:
                return GitError(f"{self.what}: {SHALLOW_HINT}")
            elsewhere = os.environ.get("GIT_OBJECT_DIRECTORY")
            where = f" (GIT_OBJECT_DIRECTORY is {elsewhere})" if elsewhere else ""
            # The name is there, the object it names is not.
            return RepositoryDamaged(
                f"{self.what}: '{name}' names object {found[:12]}, which is missing from the "
                f"repository{where} ({FSCK_HINT})"
            )
        import difflib  # only a ref that names nothing needs a suggestion

        close = difflib.get_close_matches(ref, ["HEAD", *refs], n=1, cutoff=0.6)
        suggestion = close[0] if close else None
        message = f"{self.what}: no such branch, tag or commit"
        if self.shallow and suggestion is None:
            message += f" here; {SHALLOW_HINT}"
        if suggestion:
            message += f" (did you mean '{suggestion}'?)"
        return RefNotFound(message, suggestion)


def start(
    what: str, program: str, cwd: Path, env: dict[str, str], *arguments: str, hooks: bool = False
) -> subprocess.CompletedProcess[bytes]:
    try:
        return gitrun.run(program, cwd, *arguments, hooks=hooks, env=env)
    except OSError as exc:
        raise GitError(f"{what}: cannot run git: {exc.strerror or exc}") from None


_DEFAULT_BRANCHES = ("main", "master")


def remote_default_branch(ref: str, *, cwd: Path | None = None) -> str | None:
    """For a ref ``REMOTE/HEAD`` that git has not recorded (``git clone`` records it; a
    repository that was created and then given a remote does not): the remote-tracking branch
    that can only be the remote's default one, or None when ``ref`` is not such a ref.

    That is the remote's only branch here, else ``main`` or ``master`` when exactly one of the
    two exists. With no branch at all (the first push of a new repository) or several and
    neither of those, nothing is guessed: the error says what to do.
    """
    head = f"cannot read framework at ref '{ref}'"
    repo = Repository.open(head, cwd or Path.cwd())
    remote = next((r for r in repo.output("remote").split() if ref == f"{r}/HEAD"), None)
    if remote is None:
        return None
    prefix = f"{remote}/"
    names = repo.output(
        "for-each-ref", "--format=%(refname:lstrip=2)", f"refs/remotes/{remote}/"
    ).splitlines()
    branches = sorted(n[len(prefix) :] for n in names if n.startswith(prefix) and n != ref)
    set_head = f"git remote set-head {remote} --auto"
    if not branches:
        raise GitError(
            f"{head}: {remote} has no branches here yet, so there is nothing to compare "
            "with; on the first push of a new repository push once without this check "
            f"(SKIP=prepctl-diff git push), then run '{set_head}'"
        )
    defaults = [name for name in _DEFAULT_BRANCHES if name in branches]
    if len(branches) == 1 or len(defaults) == 1:
        return prefix + (branches[0] if len(branches) == 1 else defaults[0])
    raise GitError(
        f"{head}: {ref} is not set and {remote} has several branches "
        f"({', '.join(branches)}); run '{set_head}' to record the remote's default branch, "
        "or name the base with --against"
    )


def blob_sha(raw: bytes) -> str:
    """The id git gives a blob with this content."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()
