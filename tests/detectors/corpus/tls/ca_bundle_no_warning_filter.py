# family: tls
# label: good
# source: own
# rule: python/tls-warnings-disabled
import requests

INTERNAL_CA = "/etc/ssl/certs/internal-ca.pem"


def inventory(base_url: str) -> list[dict]:
    response = requests.get(f"{base_url}/api/hosts", verify=INTERNAL_CA, timeout=10)
    response.raise_for_status()
    return response.json()
