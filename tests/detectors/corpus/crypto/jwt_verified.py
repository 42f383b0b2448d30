# family: crypto
# label: good
# source: own
import jwt


def user_from(token: str, public_key: str) -> str:
    claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="api")
    return claims["sub"]
