# family: open-redirect
# label: good
# source: own
from flask import Flask
from flask import redirect


app = Flask(__name__)


@app.route("/shop/<value>")
def shop_home(value):
    return redirect(f"/shops/{value}/welcome")
