# family: xss
# label: bad
# source: own
from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/compare")
def compare():
    html = "<ul>"
    for key, value in request.args.items():
        html += f"<li><b>{key}</b>: {value}</li>"
    html += "</ul>"
    return Response(html)  # expect
