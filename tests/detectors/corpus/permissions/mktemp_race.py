# family: permissions
# label: bad
# source: own
import subprocess
import tempfile


def render(dot_source: str) -> bytes:
    path = tempfile.mktemp(suffix=".dot")  # expect
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(dot_source)
    return subprocess.run(["dot", "-Tpng", path], capture_output=True, check=True).stdout
