# family: permissions
# label: bad
# source: own
import os


def publish_socket(path: str) -> None:
    os.chmod(path, 0o777)  # expect
