# family: open-redirect
# label: bad
# source: own
from flask import Flask, request
from flask import redirect


app = Flask(__name__)


@app.post("/login/done")
def after_login():
    value = request.form["next"]
    return redirect(value)  # expect
