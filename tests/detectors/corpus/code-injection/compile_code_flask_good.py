# family: code-injection
# label: good
# source: own
import json
from flask import Flask, request


app = Flask(__name__)


@app.route("/rule", methods=["GET", "POST"])
def check_rule():
    value = request.args.get("rule", "")
    rule = json.loads(value)
    return {"ok": isinstance(rule, dict)}
