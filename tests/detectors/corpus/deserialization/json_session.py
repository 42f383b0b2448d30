# family: deserialization
# label: good
# source: own
import json


def session_from_cookie(cookie_value: str) -> dict:
    data = json.loads(cookie_value)
    if not isinstance(data, dict):
        raise ValueError("session cookie must be an object")
    return data
