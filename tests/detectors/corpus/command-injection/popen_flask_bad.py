# family: command-injection
# label: bad
# source: own
import os
from flask import Flask, request


app = Flask(__name__)


@app.route("/ls", methods=["GET", "POST"])
def list_folder():
    value = request.args.get("folder", "")
    listing = os.popen("ls -la /srv/uploads/" + value).read()  # expect
    return {"listing": listing}
