# family: deserialization
# label: bad
# source: own
import jsonpickle


def session_from_cookie(cookie_value: str):
    return jsonpickle.decode(cookie_value)  # expect
