# family: log-injection
# label: good
# source: own
import logging

from flask import Flask, request
logger = logging.getLogger(__name__)


app = Flask(__name__)


@app.route("/search", methods=["GET", "POST"])
def search():
    value = request.args.get("q", "")
    logger.info("search for %r", value)
    return {"ok": True}
