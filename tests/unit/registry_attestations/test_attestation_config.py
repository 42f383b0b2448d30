"""REGISTRY_ATTESTATION_KEYS: read like the other settings, and a bad key file stops
`registry serve` with one line naming it instead of every worker failing to boot."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import main
from registry.config import load_settings
from registry.core.errors import InvalidArgument
from registry.services.attestation_keys import Ed25519Keyring
from tests.support.attestations import Signer


def test_keys_are_comma_separated_paths() -> None:
    settings = load_settings({"REGISTRY_ATTESTATION_KEYS": " a.pem, /etc/b.pem ,,"})
    assert settings.attestation_keys == (Path("a.pem"), Path("/etc/b.pem"))
    assert load_settings({}).attestation_keys == ()


def test_several_keys_are_trusted_side_by_side(tmp_path: Path) -> None:
    one, two = Signer.generate(), Signer.generate()
    paths = [one.write_public(tmp_path / "1.pem"), two.write_public(tmp_path / "2.pem")]
    assert Ed25519Keyring.from_files(paths).keyids() == {one.keyid, two.keyid}


def test_a_key_of_another_kind_is_refused_by_path(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
    )
    path = tmp_path / "ec.pem"
    path.write_bytes(pem)
    with pytest.raises(InvalidArgument, match=r"ec\.pem is a .*not an Ed25519 public key"):
        Ed25519Keyring.from_files([path])


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read the attestation public key {key}"), (b"x", "{key} is not a PEM")],
)
def test_serve_refuses_a_bad_key_file_before_starting(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    key = tmp_path / "bot.pem"
    if content is not None:
        key.write_bytes(content)
    result = CliRunner().invoke(
        main, ["serve", "--data-dir", str(tmp_path / "data"), "--port", "1"],
        env={"REGISTRY_ATTESTATION_KEYS": str(key)},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "REGISTRY_ATTESTATION_KEYS: " + message.format(key=key) in result.output
    assert not (tmp_path / "data").exists()  # nothing created, no server started
