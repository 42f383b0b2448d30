# family: permissions
# label: good
# source: own
import os
import shutil


def deploy_binary(src: str, dst: str) -> None:
    shutil.copy2(src, dst)
    os.chmod(dst, 0o755)
