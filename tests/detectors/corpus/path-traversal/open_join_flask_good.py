# family: path-traversal
# label: good
# source: own
import os
from flask import Flask, request


app = Flask(__name__)


@app.route("/report", methods=["GET", "POST"])
def read_report():
    value = request.args.get("name", "")
    path = os.path.join("/srv/reports", os.path.basename(value))
    with open(path) as handle:
        return {"report": handle.read()}
