# family: open-redirect
# label: bad
# source: own
from flask import Flask, request
from flask import redirect


app = Flask(__name__)


@app.route("/login/done", methods=["GET", "POST"])
def after_login():
    value = request.args.get("next", "")
    return redirect(value)  # expect
