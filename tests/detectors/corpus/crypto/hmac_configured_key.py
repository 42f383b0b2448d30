# family: crypto
# label: good
# source: own
# rule: python/hardcoded-crypto-key
import hashlib
import hmac


def sign_webhook(settings, body: bytes) -> str:
    mac = hmac.new(settings.webhook_key.encode(), body, hashlib.sha256)
    return mac.hexdigest()
