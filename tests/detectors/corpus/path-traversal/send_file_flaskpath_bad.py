# family: path-traversal
# label: bad
# source: own
from flask import Flask
from flask import send_file


app = Flask(__name__)


@app.route("/export/<value>")
def download_export(value):
    return send_file("/var/data/exports/" + value)  # expect
