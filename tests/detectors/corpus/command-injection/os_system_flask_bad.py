# family: command-injection
# label: bad
# source: own
import os
from flask import Flask, request


app = Flask(__name__)


@app.route("/ping", methods=["GET", "POST"])
def ping_host():
    value = request.args.get("host", "")
    os.system("ping -c 1 " + value)  # expect
    return {"done": True}
