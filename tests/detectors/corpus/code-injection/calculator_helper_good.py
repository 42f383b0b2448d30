# family: code-injection
# label: good
# source: own
import ast
import operator

from flask import Flask, jsonify, request

app = Flask(__name__)
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
       ast.Div: operator.truediv}


def evaluate(expression):
    def walk(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in OPS:
            return OPS[type(node.op)](walk(node.left), walk(node.right))
        raise ValueError("only + - * / on numbers")
    return walk(ast.parse(expression, mode="eval").body)


@app.route("/calc")
def calc():
    expression = request.args.get("expr", "0")
    return jsonify(result=evaluate(expression))
