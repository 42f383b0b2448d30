# family: web-frameworks
# label: good
# source: own
from flask import Flask, request
from flask import make_response
from markupsafe import escape


app = Flask(__name__)


@app.route("/page", methods=["GET", "POST"])
def themed_page():
    value = request.args.get("content", "")
    theme = request.cookies.get("theme", "light")
    return make_response("<body class='" + escape(theme) + "'>" + escape(value) + "</body>")
