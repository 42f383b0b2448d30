# family: resources
# label: bad
# source: own
import threading

_lock = threading.Lock()
_counts: dict[str, int] = {}


def record(name: str) -> None:
    _lock.acquire()  # expect
    _counts[name] = _counts.get(name, 0) + 1
    _lock.release()
