# family: command-injection
# label: good
# source: own
import os
import shlex
from flask import Flask, request


app = Flask(__name__)


@app.route("/ping", methods=["GET", "POST"])
def ping_host():
    value = request.args.get("host", "")
    os.system("ping -c 1 " + shlex.quote(value))
    return {"done": True}
