# family: code-injection
# label: bad
# source: own


def calculate():
    value = input("expr: ").strip()
    result = eval(value)  # expect
    return {"result": result}
