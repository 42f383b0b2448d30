# family: xss
# label: bad
# source: own
from flask import Flask, request
from markupsafe import Markup


app = Flask(__name__)


@app.route("/badge", methods=["GET", "POST"])
def badge():
    value = request.args.get("label", "")
    return Markup(f"<b>{value}</b>")  # expect
