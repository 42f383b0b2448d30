# family: log-injection
# label: good
# source: own
import logging

from flask import Flask, request
log = logging.getLogger("audit")


app = Flask(__name__)


@app.route("/upload", methods=["GET", "POST"])
def reject_upload():
    value = request.args.get("id", "")
    log.error("rejected upload %s", int(value))
    return {"ok": False}
