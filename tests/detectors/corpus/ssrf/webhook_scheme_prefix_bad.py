# family: ssrf
# label: bad
# source: own
import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)


@app.post("/integrations/test-webhook")
def test_webhook():
    target = request.json.get("url", "")
    # a scheme check does not stop http://169.254.169.254/latest/meta-data/
    if not target.startswith(("http://", "https://")):
        abort(400, "url must be http(s)")
    resp = requests.post(target, json={"event": "ping"}, timeout=5)  # expect
    return jsonify(status=resp.status_code)
