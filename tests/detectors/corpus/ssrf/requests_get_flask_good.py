# family: ssrf
# label: good
# source: own
import requests
from flask import Flask, request


app = Flask(__name__)


@app.route("/fetch", methods=["GET", "POST"])
def fetch_url():
    value = request.args.get("url", "")
    allowed = {"https://api.github.com/", "https://pypi.org/simple/"}
    if value not in allowed:
        return {"error": "url not allowed"}
    response = requests.get(value, timeout=5)
    return {"status": response.status_code}
