# family: ssrf
# label: good
# source: own
import requests

CONSUL = "http://127.0.0.1:8500"


def main() -> None:
    print(requests.get(CONSUL + "/v1/status/leader", timeout=3).text)
