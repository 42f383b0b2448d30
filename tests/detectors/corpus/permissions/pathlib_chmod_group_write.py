# family: permissions
# label: bad
# source: own
# rule: python/insecure-file-permissions
from pathlib import Path


def prepare_upload_dir(root: Path) -> Path:
    uploads = root / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    uploads.chmod(0o775)  # expect
    return uploads
