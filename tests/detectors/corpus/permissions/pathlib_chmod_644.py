# family: permissions
# label: good
# source: own
from pathlib import Path


def write_config(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
