# family: web-frameworks
# label: bad
# source: own
from flask import Flask, request
from flask import make_response


app = Flask(__name__)


@app.route("/page", methods=["GET", "POST"])
def themed_page():
    value = request.args.get("content", "")
    theme = request.cookies.get("theme", "light")
    return make_response("<body class='" + theme + "'>" + value + "</body>")  # expect
