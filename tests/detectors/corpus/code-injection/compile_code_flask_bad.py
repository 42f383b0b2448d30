# family: code-injection
# label: bad
# source: own
from flask import Flask, request


app = Flask(__name__)


@app.route("/rule", methods=["GET", "POST"])
def check_rule():
    value = request.args.get("rule", "")
    code = compile(value, "<rule>", "eval")  # expect
    return {"ok": code is not None}
