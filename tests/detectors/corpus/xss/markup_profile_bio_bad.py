# family: xss
# label: bad
# source: bandit examples/flask_markup_xss.py (Apache-2.0), ported into a view
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/profile/preview", methods=["POST"])
def preview_bio():
    bio = Markup(request.form.get("bio", ""))  # expect
    return render_template("profile/preview.html", bio=bio)
