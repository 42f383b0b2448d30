# family: open-redirect
# label: good
# source: own
from urllib.parse import urlparse

from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)


def is_safe_target(target):
    parts = urlparse(target)
    return not parts.scheme and not parts.netloc and target.startswith("/")


def next_target():
    target = request.args.get("next", "")
    if not is_safe_target(target):
        return url_for("dashboard")
    return target


@app.route("/logout")
def logout():
    session.clear()
    return redirect(next_target())
