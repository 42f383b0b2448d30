# family: resources
# label: good
# source: own
# rule: python/temp-dir-leak
import subprocess
import tempfile
from pathlib import Path


def build_wheel(project: Path) -> bytes:
    with tempfile.TemporaryDirectory(prefix="wheel-") as out:
        subprocess.run(["python", "-m", "build", "--wheel", "--outdir", out, str(project)], check=True)
        wheel = next(Path(out).glob("*.whl"))
        return wheel.read_bytes()
