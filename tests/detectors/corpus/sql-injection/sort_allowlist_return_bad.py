# family: sql-injection
# label: bad
# source: own
from flask import Flask, g, jsonify, request

app = Flask(__name__)
SORTABLE = {"created_at", "title", "price"}


@app.route("/products")
def products():
    column = request.args.get("sort", "created_at")
    cur = g.db.cursor()
    cur.execute(f"SELECT id, title, price FROM products ORDER BY {column} DESC LIMIT 50")  # expect
    rows = cur.fetchall()
    if column not in SORTABLE:
        # checked too late: the query above already ran with it
        app.logger.info("unknown sort column requested")
    return jsonify([dict(zip(("id", "title", "price"), r)) for r in rows])
