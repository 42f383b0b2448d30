# family: open-redirect
# label: bad
# source: own
from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)


def next_target():
    return request.args.get("next") or url_for("dashboard")


@app.route("/logout")
def logout():
    session.clear()
    return redirect(next_target())  # expect
