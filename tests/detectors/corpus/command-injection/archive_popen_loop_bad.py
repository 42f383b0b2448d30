# family: command-injection
# label: bad
# source: own
import os

from flask import Flask, request, send_file

app = Flask(__name__)


@app.post("/export")
def export():
    command = "cd /srv/exports && zip -q bundle.zip"
    for name in request.form.getlist("file"):
        command += " " + name
    with os.popen(command) as proc:  # expect
        proc.read()
    return send_file("/srv/exports/bundle.zip", as_attachment=True)
