# family: permissions
# label: good
# source: own
# rule: python/insecure-file-permissions
from pathlib import Path


def prepare_upload_dir(root: Path) -> Path:
    uploads = root / "uploads"
    uploads.mkdir(mode=0o750, parents=True, exist_ok=True)
    uploads.chmod(0o750)
    return uploads
