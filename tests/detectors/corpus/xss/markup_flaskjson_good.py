# family: xss
# label: good
# source: own
from flask import Flask, request
from markupsafe import Markup


app = Flask(__name__)


@app.route("/badge", methods=["POST"])
def badge():
    payload = request.get_json()
    value = payload["label"]
    return Markup("<b>{}</b>").format(value)
