# family: xxe
# label: good
# source: own
import defusedxml.ElementTree as DET
from flask import Flask, request


app = Flask(__name__)


@app.route("/feed", methods=["GET", "POST"])
def parse_feed():
    value = request.args.get("xml", "")
    tree = DET.fromstring(value)
    return {"children": len(tree)}
