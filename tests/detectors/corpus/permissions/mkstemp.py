# family: permissions
# label: good
# source: own
import json
import os
import tempfile


def dump_state(state: dict) -> str:
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    return path
