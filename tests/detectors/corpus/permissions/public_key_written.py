# family: permissions
# label: good
# source: own
# rule: python/key-file-permissions
from pathlib import Path

from cryptography.hazmat.primitives import serialization


def publish_public_key(private_key, directory: Path) -> Path:
    pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    path = directory / "signing.pub"
    path.write_bytes(pem)
    return path
