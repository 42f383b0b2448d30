# family: sql-injection
# label: bad
# source: own
from flask import Flask, request
from myapp.db import engine
from sqlalchemy import text


app = Flask(__name__)


@app.route("/orders", methods=["GET", "POST"])
def list_orders():
    value = request.args.get("customer", "")
    sql = text("SELECT * FROM orders WHERE customer = '%s'" % value)  # expect
    with engine.connect() as conn:
        return {"orders": [dict(r._mapping) for r in conn.execute(sql)]}
