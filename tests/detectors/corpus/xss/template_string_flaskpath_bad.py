# family: xss
# label: bad
# source: own
from flask import Flask
from flask import render_template_string


app = Flask(__name__)


@app.route("/search/<value>")
def search_page(value):
    return render_template_string("<p>Results for " + value + "</p>")  # expect
