"""Signed releases and ``prepctl verify``: a release tag signed with a throwaway SSH key by
``release --tag --sign``, rendered, and checked byte for byte and by its signature."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FRAMEWORK, GIT_ENV, GitRepo, Run

RunCli = Callable[..., Run]
TAG = "framework-v1.0.0"

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")


@pytest.fixture
def signed(git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The shipped framework, committed, with git set up to sign and check SSH signatures."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    key = tmp_path / "signing-key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", str(key)], check=True
    )
    public = key.with_suffix(".pub").read_text().strip()
    signers = tmp_path / "allowed-signers"
    signers.write_text(f"author@example.com {public}\n")
    git_repo.git("config", "gpg.format", "ssh")
    git_repo.git("config", "user.signingkey", str(key.with_suffix(".pub")))
    git_repo.git("config", "gpg.ssh.allowedSignersFile", str(signers))
    shutil.copytree(FRAMEWORK, git_repo.path / "framework")
    git_repo.commit("framework 1.0.0")
    monkeypatch.chdir(git_repo.path)
    return git_repo


def test_sign_makes_a_tag_git_verifies(run_cli: RunCli, signed: GitRepo) -> None:
    result = run_cli("release", "--tag", "--sign")
    assert result.code == 0, result.err
    assert result.out.startswith(f"tagged {signed.git('rev-parse', 'HEAD')[:12]} as {TAG}")
    assert "signed" in result.out
    assert signed.git("cat-file", "-t", TAG) == "tag"
    assert "-----BEGIN SSH SIGNATURE-----" in signed.git("cat-file", "tag", TAG)
    signed.git("verify-tag", TAG)  # raises unless git finds the signature good


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_verify_accepts_a_fresh_render_and_names_a_one_byte_change(
    run_cli: RunCli, signed: GitRepo, tmp_path: Path, suffix: str
) -> None:
    assert run_cli("release", "--tag", "--sign").code == 0
    published = tmp_path / f"published.{suffix}"
    result = run_cli("render", TAG, "-o", str(published))
    assert result.code == 0, result.err
    text = published.read_text()
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(tmp_path / "signing-key.pub")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[1]
    assert f"{TAG}, signed by ED25519 key {fingerprint}" in text
    claims = f"prepctl edition=public release={TAG}"
    assert (f"<!-- {claims} -->" if suffix == "html" else f"[//]: # ({claims})") in text

    good = run_cli("verify", str(published))
    assert good.code == 0, good.err
    assert good.out == (
        f"{published}: the public edition of {TAG}, byte for byte; "
        f"signed by ED25519 key {fingerprint}\n"
    )

    lines = text.split("\n")
    number = next(n for n, line in enumerate(lines) if "Meridian" in line)
    column = lines[number].index("Meridian") + 1
    lines[number] = lines[number].replace("Meridian", "Meridean", 1)
    published.write_text("\n".join(lines))
    bad = run_cli("verify", str(published), "--ref", TAG)
    assert bad.code == 1
    assert bad.err.startswith(
        f"prepctl: {published}:{number + 1}:{column + 5}: differs from the public edition of "
        f"{TAG}: the file has 'ean"
    )


def test_verify_says_an_unsigned_tag_is_not_signed(
    run_cli: RunCli, signed: GitRepo, tmp_path: Path
) -> None:
    assert run_cli("release", "--tag").code == 0  # annotated, not signed
    published = tmp_path / "published.html"
    assert run_cli("render", TAG, "-o", str(published)).code == 0
    assert "not signed" in published.read_text()
    result = run_cli("verify", str(published))
    assert result.code == 1
    assert result.err == f"prepctl: tag {TAG} is not signed (tag {TAG} is not signed)\n"


def test_verify_of_a_full_edition_renders_the_full_edition(
    run_cli: RunCli, signed: GitRepo, tmp_path: Path
) -> None:
    assert run_cli("release", "--tag", "--sign").code == 0
    published = tmp_path / "regulator.md"
    assert run_cli("render", TAG, "--edition", "full", "-o", str(published)).code == 0
    result = run_cli("verify", str(published))
    assert result.code == 0, result.err
    assert "the full edition of" in result.out


def test_verify_refuses_what_names_no_release(
    run_cli: RunCli, signed: GitRepo, tmp_path: Path
) -> None:
    loose = tmp_path / "loose.html"
    assert run_cli("render", "-o", str(loose)).code == 0
    result = run_cli("verify", str(loose))
    assert result.code == 2
    assert result.err == f"prepctl: {loose} names no release tag; give the release with --ref TAG\n"
    assert run_cli("verify", str(tmp_path / "missing.md")).code == 2
    assert run_cli("verify", str(tmp_path / "notes.txt")).code == 2
    assert run_cli("verify", str(loose), "--ref", "no-such-tag").code == 2


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Chromium to print a PDF")
def test_a_pdf_is_verified_through_the_html_it_was_printed_from(
    run_cli: RunCli, signed: GitRepo, tmp_path: Path
) -> None:
    assert run_cli("release", "--tag", "--sign").code == 0
    printed = tmp_path / "published.pdf"
    assert run_cli("render", TAG, "-o", str(printed)).code == 0
    data = printed.read_bytes()
    assert data.rstrip().endswith(b"%%EOF")
    good = run_cli("verify", str(printed))
    assert good.code == 0, good.err
    assert "printed from its HTML" in good.out
    digest = data.rsplit(b"/PrepctlHTMLSHA256 (", 1)[1][:64]
    flipped = b"0" if digest[:1] != b"0" else b"1"
    printed.write_bytes(data.replace(digest, flipped + digest[1:]))
    bad = run_cli("verify", str(printed))
    assert bad.code == 1
    assert f"printed from HTML with SHA-256 {flipped.decode()}{digest[1:].decode()}" in bad.err


def test_site_archive_lists_each_published_file_with_its_hash(
    run_cli: RunCli, signed: GitRepo, tmp_path: Path
) -> None:
    import hashlib

    assert run_cli("release", "--tag", "--sign").code == 0
    site = tmp_path / "site"
    result = run_cli("site", "-o", str(site), str(signed.path))
    assert result.code == 0, result.err
    archive = (site / "archive.html").read_text()
    assert "signed by ED25519 key SHA256:" in archive
    for name in ["index.html", "index.md"]:
        digest = hashlib.sha256((site / "1.0.0" / name).read_bytes()).hexdigest()
        assert f'<a href="./1.0.0/{name}">{name}</a></td><td><code>{digest}</code>' in archive
    assert run_cli("verify", str(site / "1.0.0" / "index.html")).code == 0


def test_a_tag_name_cannot_close_the_marker_comment(
    run_cli: RunCli, signed: GitRepo, tmp_path: Path
) -> None:
    hostile = "v1<b>--><i>x"
    signed.git("tag", "-a", "-m", "hostile", hostile)
    published = tmp_path / "hostile.html"
    assert run_cli("render", hostile, "-o", str(published)).code == 0
    raw = published.read_text()
    assert "<b>" not in raw
    assert "<!-- prepctl edition=public release=v1%3Cb%3E--%3E%3Ci%3Ex -->" in raw
    result = run_cli("verify", str(published))
    assert result.code == 1  # the file is the release's; the tag is not signed
    assert result.err == f"prepctl: tag {hostile} is not signed (tag {hostile} is not signed)\n"
