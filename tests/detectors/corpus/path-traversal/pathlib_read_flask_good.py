# family: path-traversal
# label: good
# source: own
from flask import Flask, request
from pathlib import Path


app = Flask(__name__)


@app.route("/template", methods=["GET", "POST"])
def show_template():
    value = request.args.get("name", "")
    name = value if value.isalnum() else 'default'
    text = (Path("/srv/templates") / name).read_text()
    return {"template": text}
