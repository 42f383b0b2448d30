# family: resources
# label: good
# source: own
# rule: python/subprocess-unchecked
"""Release script: build, tag and push a version."""
import subprocess
import sys


def release(version: str) -> None:
    subprocess.run([sys.executable, "-m", "build"], check=True)
    result = subprocess.run(["git", "tag", f"v{version}"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"tagging failed: {result.stderr.strip()}")
    subprocess.run(["git", "push", "origin", f"v{version}"], check=True)


if __name__ == "__main__":
    release(sys.argv[1])
