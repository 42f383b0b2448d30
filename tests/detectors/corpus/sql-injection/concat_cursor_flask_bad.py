# family: sql-injection
# label: bad
# source: own
from flask import Flask, request
from myapp.db import get_db


app = Flask(__name__)


@app.route("/products", methods=["GET", "POST"])
def find_product():
    value = request.args.get("name", "")
    cur = get_db().cursor()
    cur.execute("SELECT id, price FROM products WHERE name = '" + value + "'")  # expect
    return {"rows": cur.fetchall()}
