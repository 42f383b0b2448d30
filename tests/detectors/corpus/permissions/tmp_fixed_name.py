# family: permissions
# label: bad
# source: own
import json


def dump_state(state: dict) -> str:
    path = "/tmp/app_state.json"  # expect
    with open(path, "w", encoding="utf-8") as handle:  # expect
        json.dump(state, handle)
    return path
