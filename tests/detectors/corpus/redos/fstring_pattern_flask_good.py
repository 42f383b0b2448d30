# family: redos
# label: good
# source: own
import re
from flask import Flask, request


app = Flask(__name__)


@app.route("/jobs", methods=["GET", "POST"])
def filter_jobs():
    value = request.args.get("prefix", "")
    rule = re.compile(rf"^{re.escape(value)}-\d+$")
    names = ["build-1", "build-22", "deploy-3"]
    return {"names": [n for n in names if rule.match(n)]}
