# family: resources
# label: good
# source: own
# rule: python/unclosed-inline-open
import json
import os
from pathlib import Path


def write_pid_file(directory: str) -> Path:
    path = Path(directory) / "worker.pid"
    path.write_text(str(os.getpid()))
    return path


def save_state(path: Path, state: dict) -> None:
    path.write_text(json.dumps(state, indent=2))
