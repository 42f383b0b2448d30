# family: resources
# label: bad
# source: own
import json


def load_manifest(path: str) -> dict:
    return json.load(open(path, encoding="utf-8"))  # expect
