# family: code-injection
# label: good
# source: own
import ast


def calculate():
    value = input("expr: ").strip()
    result = ast.literal_eval(value)
    return {"result": result}
