# family: correctness
# label: bad
# source: own
# rule: python/unreachable-except
import json
import logging

log = logging.getLogger(__name__)


def load_config(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError:
        log.warning("cannot read %s", path)
        return {}
    except FileNotFoundError:  # expect
        return {"created": True}
