# family: open-redirect
# label: bad
# source: own
from flask import Flask
from flask import redirect


app = Flask(__name__)


@app.route("/shop/<value>")
def shop_home(value):
    return redirect(f"{value}/welcome")  # expect
