# family: ssrf
# label: bad
# source: own
import requests
from flask import Flask, request


app = Flask(__name__)


@app.route("/webhook", methods=["POST"])
def send_webhook():
    payload = request.get_json()
    value = payload["callback"]
    session = requests.Session()
    session.post(value, json={"event": "ping"}, timeout=5)  # expect
    return {"sent": True}
