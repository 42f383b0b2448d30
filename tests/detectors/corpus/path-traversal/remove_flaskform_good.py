# family: path-traversal
# label: good
# source: own
import os
from flask import Flask, request


app = Flask(__name__)


@app.post("/delete")
def delete_upload():
    value = request.form["name"]
    target = os.path.realpath(os.path.join("/tmp/uploads", value))
    if not target.startswith("/tmp/uploads/"):
        return {"error": "outside uploads"}
    os.remove(target)
    return {"deleted": value}
