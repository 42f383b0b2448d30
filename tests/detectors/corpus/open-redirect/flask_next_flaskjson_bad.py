# family: open-redirect
# label: bad
# source: own
from flask import Flask, request
from flask import redirect


app = Flask(__name__)


@app.route("/login/done", methods=["POST"])
def after_login():
    payload = request.get_json()
    value = payload["next"]
    return redirect(value)  # expect
