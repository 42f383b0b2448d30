# family: crypto
# label: good
# source: own
import hashlib
import hmac


def sign_token(secret: bytes, user: str) -> str:
    return hmac.new(secret, user.encode(), hashlib.sha256).hexdigest()
