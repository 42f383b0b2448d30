# family: crypto
# label: bad
# source: own
import jwt


def user_from(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})  # expect
    return claims["sub"]
