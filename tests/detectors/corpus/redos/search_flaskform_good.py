# family: redos
# label: good
# source: own
import re
from flask import Flask, request


app = Flask(__name__)


@app.post("/match")
def match_text():
    value = request.form["regex"]
    subject = "user@example.com, admin@example.org"
    found = value in subject
    return {"found": found}
