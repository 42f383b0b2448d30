# family: crypto
# label: bad
# source: own
# rule: python/timing-unsafe-compare
import hashlib
import hmac

from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/hooks/billing")
def billing_hook():
    expected = hmac.new(app.config["HOOK_KEY"], request.data, hashlib.sha256).hexdigest()
    signature = request.headers.get("X-Signature", "")
    if signature != expected:  # expect
        abort(401)
    return "", 204
