# family: permissions
# label: bad
# source: own
import os


def start_daemon() -> None:
    os.umask(0)  # expect
    os.makedirs("/var/run/collector", exist_ok=True)
