# family: path-traversal
# label: good
# source: own
import os
import sys


def read_report():
    value = sys.argv[1]
    path = os.path.join("/srv/reports", os.path.basename(value))
    with open(path) as handle:
        return {"report": handle.read()}
