# family: command-injection
# label: good
# source: bandit examples/os-spawn.py (Apache-2.0), ported into a view
import os

from flask import Flask, jsonify, request

app = Flask(__name__)
TOOLS = {"flake8": "/usr/bin/flake8", "pylint": "/usr/bin/pylint"}


@app.post("/lint")
def lint():
    name = request.form.get("tool", "flake8")
    tool = TOOLS.get(name, TOOLS["flake8"])
    target = "/srv/checkouts/current"
    status = os.spawnl(os.P_WAIT, tool, tool, target)
    return jsonify(tool=tool, status=status)
