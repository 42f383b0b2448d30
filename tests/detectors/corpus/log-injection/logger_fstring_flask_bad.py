# family: log-injection
# label: bad
# source: own
import logging

from flask import Flask, request
logger = logging.getLogger(__name__)


app = Flask(__name__)


@app.route("/search", methods=["GET", "POST"])
def search():
    value = request.args.get("q", "")
    logger.info(f"search for {value}")  # expect
    return {"ok": True}
