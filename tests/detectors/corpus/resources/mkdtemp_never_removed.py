# family: resources
# label: bad
# source: own
# rule: python/temp-dir-leak
import subprocess
import tempfile
from pathlib import Path


def build_wheel(project: Path) -> bytes:
    out = tempfile.mkdtemp(prefix="wheel-")  # expect
    subprocess.run(["python", "-m", "build", "--wheel", "--outdir", out, str(project)], check=True)
    wheel = next(Path(out).glob("*.whl"))
    return wheel.read_bytes()
