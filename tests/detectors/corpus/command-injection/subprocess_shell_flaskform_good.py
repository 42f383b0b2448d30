# family: command-injection
# label: good
# source: own
import subprocess
from flask import Flask, request


app = Flask(__name__)


@app.post("/log")
def git_log():
    value = request.form["path"]
    out = subprocess.check_output(["git", "log", "--oneline", "--", value])
    return {"log": out.decode()}
