# family: command-injection
# label: bad
# source: own
import os
import sys


def ping_host():
    value = sys.argv[1]
    os.system("ping -c 1 " + value)  # expect
    return {"done": True}
