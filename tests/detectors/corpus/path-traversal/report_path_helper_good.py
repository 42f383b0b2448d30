# family: path-traversal
# label: good
# source: own
import os

from flask import Flask, Response, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
REPORTS = "/var/lib/analytics/reports"


def report_path(name):
    return os.path.join(REPORTS, secure_filename(name))


@app.route("/reports/raw")
def raw_report():
    with open(report_path(request.args["name"]), encoding="utf-8") as fh:
        body = fh.read()
    return Response(body, mimetype="text/csv")
