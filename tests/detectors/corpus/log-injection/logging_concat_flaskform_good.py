# family: log-injection
# label: good
# source: own
import logging
from flask import Flask, request


app = Flask(__name__)


@app.post("/login")
def login_failed():
    value = request.form["user"]
    safe = value.replace("\r", "").replace("\n", "")
    logging.warning("failed login for user " + safe)
    return {"ok": False}
