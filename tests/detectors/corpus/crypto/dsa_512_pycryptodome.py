# family: crypto
# label: bad
# source: own
from Crypto.PublicKey import DSA


def device_key():
    return DSA.generate(512)  # expect
