# family: permissions
# label: good
# source: own
import os


def start_daemon() -> None:
    os.umask(0o077)
    os.makedirs("/var/run/collector", exist_ok=True)
