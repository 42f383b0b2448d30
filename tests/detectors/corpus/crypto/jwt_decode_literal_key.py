# family: crypto
# label: bad
# source: own
# rule: python/hardcoded-jwt-secret
import jwt


def current_user(authorization: str) -> str:
    token = authorization.removeprefix("Bearer ")
    claims = jwt.decode(token, key="super-secret-signing-key", algorithms=["HS256"])  # expect
    return claims["sub"]
