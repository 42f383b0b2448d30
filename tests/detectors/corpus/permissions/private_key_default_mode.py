# family: permissions
# label: bad
# source: own
# rule: python/key-file-permissions
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519


def write_deploy_key(directory: Path) -> Path:
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    path = directory / "id_ed25519"
    path.write_bytes(pem)  # expect
    return path
