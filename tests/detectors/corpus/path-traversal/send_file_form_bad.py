# family: path-traversal
# label: bad
# source: bandit examples/flask_send_file.py (Apache-2.0), adapted
from flask import Flask, request, send_file

app = Flask(__name__)


@app.route("/download", methods=["POST"])
def download():
    path = request.form.get("file")
    return send_file(path, as_attachment=True)  # expect
