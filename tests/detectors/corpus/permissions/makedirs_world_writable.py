# family: permissions
# label: bad
# source: own
import os


def ensure_upload_dir(root: str) -> str:
    target = os.path.join(root, "uploads")
    os.makedirs(target, mode=0o777, exist_ok=True)  # expect
    return target
