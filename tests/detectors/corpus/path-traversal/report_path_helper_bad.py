# family: path-traversal
# label: bad
# source: own
import os

from flask import Flask, Response, request

app = Flask(__name__)
REPORTS = "/var/lib/analytics/reports"


def report_path(name):
    return os.path.join(REPORTS, name)


@app.route("/reports/raw")
def raw_report():
    with open(report_path(request.args["name"]), encoding="utf-8") as fh:  # expect
        body = fh.read()
    return Response(body, mimetype="text/csv")
