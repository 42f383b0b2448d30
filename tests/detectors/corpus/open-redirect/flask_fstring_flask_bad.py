# family: open-redirect
# label: bad
# source: own
from flask import Flask, request
from flask import redirect


app = Flask(__name__)


@app.route("/shop", methods=["GET", "POST"])
def shop_home():
    value = request.args.get("shop", "")
    return redirect(f"{value}/welcome")  # expect
