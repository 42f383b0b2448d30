# family: open-redirect
# label: good
# source: own
from flask import Flask, request
from flask import redirect, url_for


app = Flask(__name__)


@app.route("/login/done", methods=["GET", "POST"])
def after_login():
    value = request.args.get("next", "")
    if value not in {"/", "/account", "/settings"}:
        return redirect(url_for("index"))
    return redirect(value)
