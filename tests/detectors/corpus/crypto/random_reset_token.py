# family: crypto
# label: bad
# source: own
import random
import string


def make_reset_token(length: int = 24) -> str:
    alphabet = string.ascii_letters + string.digits
    token = "".join(random.choice(alphabet) for _ in range(length))  # expect
    return token
