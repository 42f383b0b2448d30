# family: secrets
# label: bad
# source: own
# rule: python/secret-in-log
import logging

import requests

log = logging.getLogger("billing.auth")


def refresh(session: requests.Session, url: str) -> str:
    response = session.post(url, timeout=10)
    response.raise_for_status()
    access_token = response.json()["access_token"]
    log.info("refreshed access token %s", access_token)  # expect
    return access_token
