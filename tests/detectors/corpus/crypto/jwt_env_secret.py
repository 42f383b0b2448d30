# family: crypto
# label: good
# source: own
# rule: python/hardcoded-jwt-secret
import datetime as dt
import os

import jwt


def issue_token(user_id: int) -> str:
    claims = {"sub": str(user_id), "exp": dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)}
    return jwt.encode(claims, os.environ["JWT_SIGNING_KEY"], algorithm="HS256")
