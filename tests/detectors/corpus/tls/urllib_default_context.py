# family: tls
# label: good
# source: own
import json
import ssl
import urllib.request


def fetch_status(url: str) -> dict:
    context = ssl.create_default_context()
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return json.load(response)
