# family: crypto
# label: bad
# source: own
# rule: python/hardcoded-crypto-key
import hashlib
import hmac


def sign_webhook(body: bytes) -> str:
    mac = hmac.new(b"wh-7f3a9c2e41d8b6", body, hashlib.sha256)  # expect
    return mac.hexdigest()
