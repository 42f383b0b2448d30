# family: xss
# label: good
# source: own
from flask import Flask
from flask import render_template_string


app = Flask(__name__)


@app.route("/search/<value>")
def search_page(value):
    return render_template_string("<p>Results for {{ q }}</p>", q=value)
