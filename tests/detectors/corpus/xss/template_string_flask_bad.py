# family: xss
# label: bad
# source: own
from flask import Flask, request
from flask import render_template_string


app = Flask(__name__)


@app.route("/search", methods=["GET", "POST"])
def search_page():
    value = request.args.get("q", "")
    return render_template_string("<p>Results for " + value + "</p>")  # expect
