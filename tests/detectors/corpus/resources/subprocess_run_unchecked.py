# family: resources
# label: bad
# source: own
# rule: python/subprocess-unchecked
"""Release script: build, tag and push a version."""
import subprocess
import sys


def release(version: str) -> None:
    subprocess.run([sys.executable, "-m", "build"])  # expect
    subprocess.run(["git", "tag", f"v{version}"])  # expect
    subprocess.run(["git", "push", "origin", f"v{version}"], check=True)


if __name__ == "__main__":
    release(sys.argv[1])
