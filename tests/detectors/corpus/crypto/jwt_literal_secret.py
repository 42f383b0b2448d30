# family: crypto
# label: bad
# source: own
# rule: python/hardcoded-jwt-secret
import datetime as dt

import jwt

JWT_SIGNING_KEY = "k9$Lx2!vQ7rT@m4Z"


def issue_token(user_id: int) -> str:
    claims = {"sub": str(user_id), "exp": dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)}
    return jwt.encode(claims, JWT_SIGNING_KEY, algorithm="HS256")  # expect
