# family: crypto
# label: good
# source: own
# rule: python/fast-password-hash
import hashlib
import secrets


def issue_api_token(store, user_id: int) -> str:
    # a 256-bit random token needs no slow hash: SHA-256 only keeps it out of the table
    token = secrets.token_urlsafe(32)
    store.save(user_id, hashlib.sha256(token.encode()).hexdigest())
    return token
