# family: web-config
# label: bad
# source: own
from flask import Flask, make_response

app = Flask(__name__)


@app.post("/login")
def login():
    response = make_response({"ok": True})
    response.set_cookie("auth_token", "abc", max_age=3600)  # expect
    return response
