# family: path-traversal
# label: bad
# source: own
import os
import sys


def read_report():
    value = sys.argv[1]
    path = os.path.join("/srv/reports", value)
    with open(path) as handle:  # expect
        return {"report": handle.read()}
