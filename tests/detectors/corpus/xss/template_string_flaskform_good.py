# family: xss
# label: good
# source: own
from flask import Flask, request
from flask import render_template_string


app = Flask(__name__)


@app.post("/search")
def search_page():
    value = request.form["q"]
    return render_template_string("<p>Results for {{ q }}</p>", q=value)
