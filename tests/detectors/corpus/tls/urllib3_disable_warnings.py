# family: tls
# label: bad
# source: own
# rule: python/tls-warnings-disabled
import requests
import urllib3

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # expect


def inventory(base_url: str, session: requests.Session) -> list[dict]:
    response = session.get(f"{base_url}/api/hosts", timeout=10)
    response.raise_for_status()
    return response.json()
