# family: resources
# label: bad
# source: own
import json
import urllib.request


def latest_version(url: str) -> str:
    response = urllib.request.urlopen(url, timeout=10)  # expect
    return json.loads(response.read())["version"]
