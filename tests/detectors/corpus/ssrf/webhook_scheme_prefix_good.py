# family: ssrf
# label: good
# source: own
from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED_HOSTS = {"hooks.slack.com", "discord.com", "outlook.office.com"}


@app.post("/integrations/test-webhook")
def test_webhook():
    target = request.json.get("url", "")
    parsed = urlparse(target)
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_HOSTS:
        abort(400, "webhooks may only point at " + ", ".join(sorted(ALLOWED_HOSTS)))
    resp = requests.post(target, json={"event": "ping"}, timeout=5)
    return jsonify(status=resp.status_code)
