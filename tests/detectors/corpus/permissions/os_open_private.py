# family: permissions
# label: good
# source: own
import os


def create_pidfile(path: str) -> int:
    return os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
