# family: path-traversal
# label: bad
# source: own
from flask import Flask, request
from pathlib import Path


app = Flask(__name__)


@app.route("/template", methods=["GET", "POST"])
def show_template():
    value = request.args.get("name", "")
    text = (Path("/srv/templates") / value).read_text()  # expect
    return {"template": text}
