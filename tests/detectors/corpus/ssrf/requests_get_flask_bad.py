# family: ssrf
# label: bad
# source: own
import requests
from flask import Flask, request


app = Flask(__name__)


@app.route("/fetch", methods=["GET", "POST"])
def fetch_url():
    value = request.args.get("url", "")
    response = requests.get(value, timeout=5)  # expect
    return {"status": response.status_code}
