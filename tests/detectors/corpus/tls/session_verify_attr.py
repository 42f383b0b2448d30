# family: tls
# label: bad
# source: own
import requests


def partner_session(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    session.verify = False  # expect
    return session
