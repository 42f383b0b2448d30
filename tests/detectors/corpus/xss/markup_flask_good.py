# family: xss
# label: good
# source: own
from flask import Flask, request
from markupsafe import Markup


app = Flask(__name__)


@app.route("/badge", methods=["GET", "POST"])
def badge():
    value = request.args.get("label", "")
    return Markup("<b>{}</b>").format(value)
