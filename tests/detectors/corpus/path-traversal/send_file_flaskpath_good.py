# family: path-traversal
# label: good
# source: own
from flask import Flask
from flask import send_file
from werkzeug.utils import secure_filename


app = Flask(__name__)


@app.route("/export/<value>")
def download_export(value):
    return send_file("/var/data/exports/" + secure_filename(value))
