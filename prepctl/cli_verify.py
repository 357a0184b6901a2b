"""The command line of ``prepctl verify``: its options and help, handing over to
:mod:`prepctl.commands.verify`."""

from __future__ import annotations

import click

from prepctl.cli_options import command


@command("verify")
@click.argument("file", metavar="FILE")
@click.option(
    "--ref",
    metavar="TAG",
    help="The release tag FILE should be; default: the tag FILE's own marker names.",
)
def verify_command(file: str, ref: str | None) -> int:
    """Check that a published file is a signed release, byte for byte.

    The release (TAG, or the tag the file names in its closing marker) is rendered again from
    the repository in the format FILE's name says (.html, .md, .pdf) and the edition the file
    names, and compared with FILE byte for byte; for a PDF, the SHA-256 of the HTML it was
    printed from, which prepctl writes into its metadata, is compared with a fresh HTML
    rendering. The tag's signature is checked with git verify-tag, with the keys your git
    configuration trusts (gpg.ssh.allowedSignersFile for SSH signatures).

    Exit 0 when FILE is the release's and the tag's signature is good; 1 when FILE differs
    (the first differing line and column are shown) or the tag is unsigned or its signature
    bad; 2 when FILE cannot be read or no release is named.
    """
    from prepctl.commands import verify

    return verify.run(file, ref=ref)
