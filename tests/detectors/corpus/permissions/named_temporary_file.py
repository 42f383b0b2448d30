# family: permissions
# label: good
# source: own
import subprocess
import tempfile


def render(dot_source: str) -> bytes:
    with tempfile.NamedTemporaryFile("w", suffix=".dot", encoding="utf-8") as handle:
        handle.write(dot_source)
        handle.flush()
        return subprocess.run(["dot", "-Tpng", handle.name], capture_output=True, check=True).stdout
