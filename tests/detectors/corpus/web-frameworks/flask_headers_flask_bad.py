# family: web-frameworks
# label: bad
# source: own
import requests
from flask import Flask, request


app = Flask(__name__)


@app.route("/status", methods=["GET", "POST"])
def upstream_status():
    value = request.args.get("x", "")
    target = request.headers.get("X-Forwarded-Host", "localhost")
    return requests.get("http://" + target + "/status", timeout=2).json()  # expect
