# family: code-injection
# label: good
# source: own
import ast
from flask import Flask, request


app = Flask(__name__)


@app.route("/calc", methods=["GET", "POST"])
def calculate():
    value = request.args.get("expr", "")
    result = ast.literal_eval(value)
    return {"result": result}
