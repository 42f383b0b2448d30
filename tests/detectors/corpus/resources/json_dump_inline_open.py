# family: resources
# label: bad
# source: own
# rule: python/unclosed-inline-open
import json


def save_state(path: str, state: dict) -> None:
    json.dump(state, open(path, "w"), indent=2)  # expect
