# family: tls
# label: bad
# source: own
import json
import ssl
import urllib.request


def fetch_status(url: str) -> dict:
    context = ssl._create_unverified_context()  # expect
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return json.load(response)
