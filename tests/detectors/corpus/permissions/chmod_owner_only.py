# family: permissions
# label: good
# source: own
import os


def publish_socket(path: str) -> None:
    os.chmod(path, 0o600)
