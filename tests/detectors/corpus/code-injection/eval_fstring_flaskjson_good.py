# family: code-injection
# label: good
# source: own
from flask import Flask, request
from myapp import settings


app = Flask(__name__)


@app.route("/setting", methods=["POST"])
def read_setting():
    payload = request.get_json()
    value = payload["name"]
    field = getattr(settings, value) if value.isidentifier() else None
    return {"field": str(field)}
