# family: permissions
# label: good
# source: own
import os


def ensure_upload_dir(root: str) -> str:
    target = os.path.join(root, "uploads")
    os.makedirs(target, mode=0o700, exist_ok=True)
    return target
