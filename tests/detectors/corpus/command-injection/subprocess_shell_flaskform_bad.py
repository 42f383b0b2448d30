# family: command-injection
# label: bad
# source: own
import subprocess
from flask import Flask, request


app = Flask(__name__)


@app.post("/log")
def git_log():
    value = request.form["path"]
    out = subprocess.check_output(f"git log --oneline {value}", shell=True)  # expect
    return {"log": out.decode()}
