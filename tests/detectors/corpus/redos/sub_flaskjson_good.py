# family: redos
# label: good
# source: own
import re
from flask import Flask, request


app = Flask(__name__)


@app.route("/censor", methods=["POST"])
def censor():
    payload = request.get_json()
    value = payload["word"]
    text = "The quick brown fox"
    return {"text": text.replace(value, "***")}
