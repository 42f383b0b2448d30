# family: command-injection
# label: good
# source: own
"""Nightly mirror job: python mirror.py <remote-host>"""
import shlex
import subprocess
import sys

REMOTE = sys.argv[1]


def mirror():
    target = shlex.quote(REMOTE + ":/mirror/releases/")
    status = subprocess.call("rsync -az --delete /srv/releases/ " + target, shell=True)
    if status:
        sys.exit(f"rsync failed with {status}")


if __name__ == "__main__":
    mirror()
