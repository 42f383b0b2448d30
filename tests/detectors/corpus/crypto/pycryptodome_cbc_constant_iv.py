# family: crypto
# label: bad
# source: own
# rule: python/static-iv
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad


def encrypt_backup(key: bytes, blob: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_CBC, iv=b"0123456789abcdef")  # expect
    return cipher.encrypt(pad(blob, AES.block_size))
