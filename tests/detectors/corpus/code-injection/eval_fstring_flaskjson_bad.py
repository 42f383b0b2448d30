# family: code-injection
# label: bad
# source: own
from flask import Flask, request


app = Flask(__name__)


@app.route("/setting", methods=["POST"])
def read_setting():
    payload = request.get_json()
    value = payload["name"]
    field = eval(f"settings.{value}")  # expect
    return {"field": str(field)}
