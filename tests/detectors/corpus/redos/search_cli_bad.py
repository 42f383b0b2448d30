# family: redos
# label: bad
# source: own
import re
import sys


def match_text():
    value = sys.argv[1]
    subject = "user@example.com, admin@example.org"
    found = re.search(value, subject)  # expect
    return {"found": bool(found)}
