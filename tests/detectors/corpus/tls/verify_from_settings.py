# family: tls
# label: good
# source: own
import requests


def post_event(url: str, payload: dict, verify_tls: bool | str = True) -> int:
    response = requests.post(url, json=payload, timeout=10, verify=verify_tls)
    return response.status_code
