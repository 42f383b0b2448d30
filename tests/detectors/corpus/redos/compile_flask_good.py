# family: redos
# label: good
# source: own
import re
from flask import Flask, request


app = Flask(__name__)


@app.route("/grep", methods=["GET", "POST"])
def grep_log():
    value = request.args.get("pattern", "")
    pattern = re.compile(re.escape(value))
    lines = open("/var/log/app.log").read().splitlines()
    return {"matches": [line for line in lines if pattern.search(line)][:50]}
