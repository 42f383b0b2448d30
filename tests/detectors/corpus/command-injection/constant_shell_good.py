# family: command-injection
# label: good
# source: own
import subprocess

GIT_LOG = ["git", "log", "--oneline", "-n", "20"]


def recent_commits() -> list[str]:
    return subprocess.run(GIT_LOG, capture_output=True, text=True, check=True).stdout.splitlines()
