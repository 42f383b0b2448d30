# family: resources
# label: good
# source: own
from typing import IO


def open_log(path: str) -> IO[str]:
    handle = open(path, "a", encoding="utf-8")
    return handle
