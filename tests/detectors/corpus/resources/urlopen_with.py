# family: resources
# label: good
# source: own
import json
import urllib.request


def latest_version(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())["version"]
