# family: command-injection
# label: good
# source: own
import os
import shlex
import subprocess


def edit(path: str) -> None:
    editor = os.environ.get("EDITOR", "vi")
    subprocess.run([*shlex.split(editor), path], check=False)
