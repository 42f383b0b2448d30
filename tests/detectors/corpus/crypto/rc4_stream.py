# family: crypto
# label: bad
# source: own
from Crypto.Cipher import ARC4


def scramble(key: bytes, data: bytes) -> bytes:
    return ARC4.new(key).encrypt(data)  # expect
