# family: resources
# label: good
# source: own
# rule: python/temp-dir-leak
import shutil
import tarfile
import tempfile
from pathlib import Path


def count_members(archive: Path) -> int:
    workdir = tempfile.mkdtemp()
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(workdir, filter="data")
        return sum(1 for _ in Path(workdir).rglob("*"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
