# family: open-redirect
# label: good
# source: own
from flask import Flask, request
from flask import redirect, url_for


app = Flask(__name__)


@app.post("/login/done")
def after_login():
    value = request.form["next"]
    if value not in {"/", "/account", "/settings"}:
        return redirect(url_for("index"))
    return redirect(value)
