# family: path-traversal
# label: bad
# source: own
import os
from flask import Flask, request


app = Flask(__name__)


@app.post("/delete")
def delete_upload():
    value = request.form["name"]
    os.remove(os.path.join("/tmp/uploads", value))  # expect
    return {"deleted": value}
