# family: path-traversal
# label: good
# source: bandit examples/flask_send_file.py (Apache-2.0), adapted
from flask import Flask, request, send_file

app = Flask(__name__)
EXPORTS = {"sales": "exports/sales.csv", "stock": "exports/stock.csv"}


@app.route("/download", methods=["POST"])
def download():
    path = EXPORTS.get(request.form.get("file"), "exports/sales.csv")
    return send_file(path, as_attachment=True)
