# family: secrets
# label: bad
# source: own
import jwt

JWT_SECRET = "f3a9c1e7b5d24086a1c3e5f7b9d1f3a5"  # expect


def issue(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, JWT_SECRET, algorithm="HS256")
