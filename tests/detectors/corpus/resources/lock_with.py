# family: resources
# label: good
# source: own
import threading

_lock = threading.Lock()
_counts: dict[str, int] = {}


def record(name: str) -> None:
    with _lock:
        _counts[name] = _counts.get(name, 0) + 1
