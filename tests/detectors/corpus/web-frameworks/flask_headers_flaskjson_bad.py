# family: web-frameworks
# label: bad
# source: own
import requests
from flask import Flask, request


app = Flask(__name__)


@app.route("/status", methods=["POST"])
def upstream_status():
    payload = request.get_json()
    value = payload["x"]
    target = request.headers.get("X-Forwarded-Host", "localhost")
    return requests.get("http://" + target + "/status", timeout=2).json()  # expect
