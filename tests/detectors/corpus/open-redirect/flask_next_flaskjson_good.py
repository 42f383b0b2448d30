# family: open-redirect
# label: good
# source: own
from flask import Flask, request
from flask import redirect, url_for


app = Flask(__name__)


@app.route("/login/done", methods=["POST"])
def after_login():
    payload = request.get_json()
    value = payload["next"]
    if value not in {"/", "/account", "/settings"}:
        return redirect(url_for("index"))
    return redirect(value)
