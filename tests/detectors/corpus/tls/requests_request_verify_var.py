# family: tls
# label: bad
# source: own
import requests

VERIFY = False


def call(method: str, url: str) -> requests.Response:
    return requests.request(method, url, timeout=5, verify=VERIFY)  # expect
