# family: ssrf
# label: bad
# source: own
from flask import Flask, request
from urllib.request import urlopen


app = Flask(__name__)


@app.route("/feed", methods=["GET", "POST"])
def read_feed():
    value = request.args.get("feed", "")
    with urlopen(value, timeout=10) as page:  # expect
        return {"size": len(page.read())}
