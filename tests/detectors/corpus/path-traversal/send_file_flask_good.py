# family: path-traversal
# label: good
# source: own
from flask import Flask, request
from flask import send_file
from werkzeug.utils import secure_filename


app = Flask(__name__)


@app.route("/export", methods=["GET", "POST"])
def download_export():
    value = request.args.get("file", "")
    return send_file("/var/data/exports/" + secure_filename(value))
