# family: tls
# label: good
# source: own
import requests


def partner_session(token: str, bundle: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    session.verify = bundle
    return session
