# family: correctness
# label: good
# source: own
# rule: python/unreachable-except
import json
import logging

log = logging.getLogger(__name__)


def load_config(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return {"created": True}
    except OSError:
        log.warning("cannot read %s", path)
        return {}
