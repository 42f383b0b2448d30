# family: command-injection
# label: bad
# source: bandit examples/os-spawn.py (Apache-2.0), ported into a view
import os

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/lint")
def lint():
    tool = request.form.get("tool", "flake8")
    target = "/srv/checkouts/current"
    status = os.spawnlp(os.P_WAIT, tool, tool, target)  # expect
    return jsonify(tool=tool, status=status)
