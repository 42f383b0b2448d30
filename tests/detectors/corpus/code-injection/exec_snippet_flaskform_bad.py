# family: code-injection
# label: bad
# source: own
from flask import Flask, request


app = Flask(__name__)


@app.post("/hook")
def install_hook():
    value = request.form["body"]
    namespace = {}
    exec("def hook(x):\n    return " + value, namespace)  # expect
    return {"hooked": "hook" in namespace}
