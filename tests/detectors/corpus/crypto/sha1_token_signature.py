# family: crypto
# label: bad
# source: own
import hashlib


def sign_token(secret: str, user: str) -> str:
    return hashlib.sha1((secret + user).encode()).hexdigest()  # expect
