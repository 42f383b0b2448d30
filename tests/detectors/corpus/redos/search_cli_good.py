# family: redos
# label: good
# source: own
import re
import sys


def match_text():
    value = sys.argv[1]
    subject = "user@example.com, admin@example.org"
    found = value in subject
    return {"found": found}
