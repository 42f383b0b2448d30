# family: command-injection
# label: bad
# source: own
import os


def edit(path: str) -> None:
    editor = os.environ.get("EDITOR", "vi")
    os.system(editor + " " + path)  # expect
