# family: command-injection
# label: bad
# source: own
import os
import sys


def tool_version():
    value = sys.argv[1]
    os.spawnlp(os.P_WAIT, value, value, "--version")  # expect
    return {"checked": True}
