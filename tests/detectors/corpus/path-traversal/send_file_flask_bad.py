# family: path-traversal
# label: bad
# source: own
from flask import Flask, request
from flask import send_file


app = Flask(__name__)


@app.route("/export", methods=["GET", "POST"])
def download_export():
    value = request.args.get("file", "")
    return send_file("/var/data/exports/" + value)  # expect
