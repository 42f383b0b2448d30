# family: permissions
# label: bad
# source: own
# rule: python/key-file-permissions
from Crypto.PublicKey import RSA


def create_signing_key(path: str) -> bytes:
    key = RSA.generate(3072)
    with open(path, "wb") as handle:
        handle.write(key.export_key("PEM"))  # expect
    return key.publickey().export_key()
