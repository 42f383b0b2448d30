# family: xss
# label: good
# source: own
from flask import Flask, Response, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/compare")
def compare():
    html = "<ul>"
    for key, value in request.args.items():
        html += f"<li><b>{escape(key)}</b>: {escape(value)}</li>"
    html += "</ul>"
    return Response(html)
