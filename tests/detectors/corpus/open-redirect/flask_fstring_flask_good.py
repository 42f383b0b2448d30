# family: open-redirect
# label: good
# source: own
from flask import Flask, request
from flask import redirect


app = Flask(__name__)


@app.route("/shop", methods=["GET", "POST"])
def shop_home():
    value = request.args.get("shop", "")
    return redirect(f"/shops/{value}/welcome")
