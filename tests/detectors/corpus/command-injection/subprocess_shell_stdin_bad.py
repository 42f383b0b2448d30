# family: command-injection
# label: bad
# source: own
import subprocess


def git_log():
    value = input("path: ").strip()
    out = subprocess.check_output(f"git log --oneline {value}", shell=True)  # expect
    return {"log": out.decode()}
