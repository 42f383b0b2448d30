# family: permissions
# label: good
# source: own
import os
import stat


def install_hook(path: str) -> None:
    mode = os.stat(path).st_mode
    os.chmod(path, mode | stat.S_IXUSR)
