# family: permissions
# label: bad
# source: own
import os
import stat


def share_with_team(path: str) -> None:
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IWGRP)  # expect
