# family: code-injection
# label: bad
# source: own
from flask import Flask, jsonify, request

app = Flask(__name__)


def evaluate(expression):
    # builtins removed, but attribute access still reaches everything
    return eval(expression, {"__builtins__": {}}, {})  # expect


@app.route("/calc")
def calc():
    expression = request.args.get("expr", "0")
    return jsonify(result=evaluate(expression))
