# family: command-injection
# label: good
# source: own
import os
import sys


def tool_version():
    value = sys.argv[1]
    allowed = {"gcc", "clang", "rustc"}
    if value not in allowed:
        raise ValueError("unknown tool")
    os.spawnlp(os.P_WAIT, value, value, "--version")
    return {"checked": True}
