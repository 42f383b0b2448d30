# family: ssrf
# label: bad
# source: own
import sys

import requests


def main() -> None:
    host = sys.argv[1]
    print(requests.get("http://" + host + ":8500/v1/status/leader", timeout=3).text)  # expect
