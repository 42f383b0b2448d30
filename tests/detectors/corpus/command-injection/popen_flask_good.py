# family: command-injection
# label: good
# source: own
import os
from flask import Flask, request


app = Flask(__name__)


@app.route("/ls", methods=["GET", "POST"])
def list_folder():
    value = request.args.get("folder", "")
    if not value.isalnum():
        return {"error": "bad folder"}
    listing = os.popen("ls -la /srv/uploads/" + value).read()
    return {"listing": listing}
