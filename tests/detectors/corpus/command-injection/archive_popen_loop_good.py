# family: command-injection
# label: good
# source: own
import os
import shlex

from flask import Flask, request, send_file

app = Flask(__name__)


@app.post("/export")
def export():
    command = "cd /srv/exports && zip -q bundle.zip"
    for name in request.form.getlist("file"):
        command += " " + shlex.quote(name)
    with os.popen(command) as proc:
        proc.read()
    return send_file("/srv/exports/bundle.zip", as_attachment=True)
