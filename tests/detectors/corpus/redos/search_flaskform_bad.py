# family: redos
# label: bad
# source: own
import re
from flask import Flask, request


app = Flask(__name__)


@app.post("/match")
def match_text():
    value = request.form["regex"]
    subject = "user@example.com, admin@example.org"
    found = re.search(value, subject)  # expect
    return {"found": bool(found)}
