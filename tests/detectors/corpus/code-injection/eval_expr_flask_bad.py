# family: code-injection
# label: bad
# source: own
from flask import Flask, request


app = Flask(__name__)


@app.route("/calc", methods=["GET", "POST"])
def calculate():
    value = request.args.get("expr", "")
    result = eval(value)  # expect
    return {"result": result}
