"""Signed release tags: whether a tag carries a signature, whether git finds it good, and who
signed it.

Signing and checking are git's own (``git tag -s``, ``git verify-tag``), with whatever the
user's configuration says: ``gpg.format`` ``openpgp`` (GnuPG), ``ssh`` (with ``user.signingkey``
to sign and ``gpg.ssh.allowedSignersFile`` to check) or ``x509``. The signer is named by what
the key itself says, so every checker names it alike: for SSH the key's type and fingerprint
(the principal comes from the checker's own allowed-signers file), for OpenPGP the key's user
id and id.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from prepctl.io.git.repo import GitError, Repository, says

UNSIGNED = "unsigned"
GOOD = "good"
BAD = "bad"

_SIGNATURE_START = re.compile(rb"^-----BEGIN (SSH|PGP|SIGNED MESSAGE)", re.MULTILINE)
_SSH_GOOD = re.compile(r'Good "git" signature (?:for \S+ )?with (\S+) key (\S+)')
_GPG_GOOD = re.compile(r"^\[GNUPG:\] GOODSIG (\S+) (.+)$", re.MULTILINE)


class Signature(NamedTuple):
    """What git says of a tag's signature: ``status`` is UNSIGNED, GOOD or BAD; ``signer``
    names the key of a good one; ``said`` is git's own words when it is not good."""

    status: str
    signer: str | None
    said: str


def check(tag: str, *, cwd: Path) -> Signature:
    """The signature of tag ``tag`` (a name under refs/tags/)."""
    repo = Repository.open(f"cannot check tag {tag}", cwd)
    ref = f"refs/tags/{tag}"
    kind = repo.run("cat-file", "-t", ref)
    if kind.returncode != 0:
        raise GitError(f"{repo.what}: no such tag")
    if os.fsdecode(kind.stdout).strip() != "tag":
        return Signature(UNSIGNED, None, f"{tag} is a lightweight tag, with no signature")
    body = repo.run("cat-file", "tag", ref)
    if body.returncode != 0:
        raise GitError(f"{repo.what}: {says(body.stderr)}")
    if _SIGNATURE_START.search(body.stdout) is None:
        return Signature(UNSIGNED, None, f"tag {tag} is not signed")
    done = repo.run("verify-tag", "--raw", ref)
    said = os.fsdecode(done.stderr)
    if done.returncode != 0:
        return Signature(BAD, None, says(done.stderr) or "git verify-tag failed")
    return Signature(GOOD, _signer(said), "")


def _signer(said: str) -> str:
    ssh = _SSH_GOOD.search(said)
    if ssh is not None:
        return f"{ssh.group(1)} key {ssh.group(2)}"
    gpg = _GPG_GOOD.search(said)
    if gpg is not None:
        return f"{gpg.group(2).strip()} (key {gpg.group(1)})"
    return "a key git accepts"


def is_tag(ref: str, *, cwd: Path) -> bool:
    """Whether ``ref`` is the name of a tag (not a branch, commit or expression)."""
    repo = Repository.open(f"cannot read tag {ref}", cwd)
    if repo.run("check-ref-format", f"refs/tags/{ref}").returncode != 0:
        return False
    return repo.run("rev-parse", "--verify", "-q", f"refs/tags/{ref}").returncode == 0
