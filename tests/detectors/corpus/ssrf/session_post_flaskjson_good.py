# family: ssrf
# label: good
# source: own
import requests
from flask import Flask, request


app = Flask(__name__)


@app.route("/webhook", methods=["POST"])
def send_webhook():
    payload = request.get_json()
    value = payload["callback"]
    session = requests.Session()
    hooks = {"slack": "https://hooks.slack.com/services/T000/B000"}
    if value in hooks:
        session.post(hooks[value], json={"event": "ping"}, timeout=5)
    return {"sent": value in hooks}
