# family: web-config
# label: good
# source: own
from flask import Flask, make_response

app = Flask(__name__)


@app.post("/theme/<name>")
def set_theme(name: str):
    response = make_response("", 204)
    response.set_cookie("theme", name, samesite="Lax")
    return response
