# family: command-injection
# label: good
# source: own
import subprocess


def git_log():
    value = input("path: ").strip()
    out = subprocess.check_output(["git", "log", "--oneline", "--", value])
    return {"log": out.decode()}
