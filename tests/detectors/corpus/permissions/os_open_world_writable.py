# family: permissions
# label: bad
# source: own
import os


def create_pidfile(path: str) -> int:
    return os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)  # expect
