# family: log-injection
# label: good
# source: own
import logging

from flask import Flask, request
log = logging.getLogger("audit")


app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def reject_upload():
    payload = request.get_json()
    value = payload["id"]
    log.error("rejected upload %s", int(value))
    return {"ok": False}
