# family: secrets
# label: bad
# source: own
# rule: secrets/basic-auth-header
import requests

JENKINS = "https://ci.internal.example.net"
HEADERS = {"Authorization": "Basic Y2ktYm90OlZxOCNwTDJtIXhSN3da"}  # expect


def trigger(job: str) -> None:
    response = requests.post(f"{JENKINS}/job/{job}/build", headers=HEADERS, timeout=10)
    response.raise_for_status()
