# family: command-injection
# label: bad
# source: own
"""Nightly mirror job: python mirror.py <remote-host>"""
import os
import sys

REMOTE = sys.argv[1]


def mirror():
    status = os.system("rsync -az --delete /srv/releases/ " + REMOTE + ":/mirror/releases/")  # expect
    if status:
        sys.exit(f"rsync failed with {status}")


if __name__ == "__main__":
    mirror()
