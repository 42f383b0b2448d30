"""`reviewbot keygen` and `reviewbot attest`'s input checks: every local mistake is an exit 2
with the way out, before any review runs or anything is uploaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewbot.cli import main
from reviewbot.service.attestations import AttestationClient, UploadError


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(
    tmp_path: Path,
) -> None:
    key = tmp_path / "bot.pem"
    result = CliRunner().invoke(main, ["keygen", str(key)])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip()) == 64
    assert key.stat().st_mode & 0o777 == 0o600
    assert b"PUBLIC KEY" in (tmp_path / "bot.pem.pub").read_bytes()
    before = key.read_bytes()
    again = CliRunner().invoke(main, ["keygen", str(key)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert key.read_bytes() == before


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "bot.pem"
    assert CliRunner().invoke(main, ["keygen", str(path)]).exit_code == 0
    return path


def attest(args: list[str], env: dict[str, str]):  # type: ignore[no-untyped-def]
    base = ["attest", "--base", "main", "--head", "HEAD", "--registry",
            "http://127.0.0.1:9/staging/"]  # fmt: skip
    return CliRunner().invoke(main, base + args, env=env)


def test_attest_needs_a_token(key: Path, tmp_path: Path) -> None:
    built = tmp_path / "a-1.0.tar.gz"
    built.write_bytes(b"x")
    env = {"REVIEWBOT_REGISTRY_TOKEN": "", "REVIEWBOT_ATTESTATION_TOKEN": "",
           "REVIEWBOT_ATTESTATION_KEY": str(key)}  # fmt: skip
    result = attest([str(built)], env)
    assert result.exit_code == 2 and "REVIEWBOT_REGISTRY_TOKEN" in result.output


def test_attest_needs_a_usable_key(tmp_path: Path, key: Path) -> None:
    built = tmp_path / "a-1.0.tar.gz"
    built.write_bytes(b"x")
    env = {"REVIEWBOT_REGISTRY_TOKEN": "t"}
    result = attest(["--key", str(tmp_path / "missing.pem"), str(built)], env)
    assert result.exit_code == 2 and "cannot read the key" in result.output
    result = attest(["--key", f"{key}.pub", str(built)], env)
    assert result.exit_code == 2 and "reviewbot keygen" in result.output


def test_attest_refuses_missing_or_twice_given_files(tmp_path: Path, key: Path) -> None:
    env = {"REVIEWBOT_REGISTRY_TOKEN": "t", "REVIEWBOT_ATTESTATION_KEY": str(key)}
    result = attest([str(tmp_path / "dist/a-1.0.tar.gz")], env)
    assert result.exit_code == 2 and "no such file" in result.output
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    for folder in ("one", "two"):
        (tmp_path / folder / "a-1.0.tar.gz").write_bytes(folder.encode())
    result = attest([str(tmp_path / "one/a-1.0.tar.gz"), str(tmp_path / "two/a-1.0.tar.gz")], env)
    assert result.exit_code == 2 and "the same file name given twice" in result.output


def test_registry_url_forms() -> None:
    assert AttestationClient("https://p.example/staging", "t").endpoint == (
        "https://p.example/staging/attestations"
    )
    assert AttestationClient("https://p.example/staging/simple/", None).endpoint == (
        "https://p.example/staging/attestations"
    )
    with pytest.raises(UploadError, match="http"):
        AttestationClient("p.example/staging", "t")


def test_an_unreachable_registry_is_a_clear_error() -> None:
    client = AttestationClient("http://127.0.0.1:9/staging/", "t", timeout=2)
    with pytest.raises(UploadError, match=r"cannot reach http://127\.0\.0\.1:9/staging/attestations"):
        client.upload({"payloadType": "x"})
