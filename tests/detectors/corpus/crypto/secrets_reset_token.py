# family: crypto
# label: good
# source: own
import secrets


def make_reset_token() -> str:
    token = secrets.token_urlsafe(24)
    return token
