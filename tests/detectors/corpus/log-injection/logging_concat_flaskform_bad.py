# family: log-injection
# label: bad
# source: own
import logging
from flask import Flask, request


app = Flask(__name__)


@app.post("/login")
def login_failed():
    value = request.form["user"]
    logging.warning("failed login for user " + value)  # expect
    return {"ok": False}
