# family: code-injection
# label: good
# source: own
import operator
from flask import Flask, request


app = Flask(__name__)


@app.post("/hook")
def install_hook():
    value = request.form["body"]
    hooks = {"neg": operator.neg, "abs": operator.abs}
    hook = hooks.get(value, operator.pos)
    return {"hooked": hook is not operator.pos}
