# family: resources
# label: bad
# source: own
# rule: python/unclosed-inline-open
import os


def write_pid_file(directory: str) -> str:
    path = os.path.join(directory, "worker.pid")
    open(path, "w").write(str(os.getpid()))  # expect
    return path
