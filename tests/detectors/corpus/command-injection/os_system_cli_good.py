# family: command-injection
# label: good
# source: own
import os
import shlex
import sys


def ping_host():
    value = sys.argv[1]
    os.system("ping -c 1 " + shlex.quote(value))
    return {"done": True}
