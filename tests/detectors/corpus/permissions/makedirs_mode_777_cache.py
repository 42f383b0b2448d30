# family: permissions
# label: bad
# source: own
# rule: python/insecure-file-permissions
import os


def cache_dir(base: str) -> str:
    path = os.path.join(base, "thumbnails")
    os.makedirs(path, mode=0o777, exist_ok=True)  # expect
    return path
