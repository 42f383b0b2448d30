# family: sql-injection
# label: good
# source: own
from flask import Flask, g, jsonify, request

app = Flask(__name__)
SORTABLE = {"created_at", "title", "price"}


@app.route("/products")
def products():
    column = request.args.get("sort", "created_at")
    if column not in SORTABLE:
        return jsonify(error=f"sort must be one of {sorted(SORTABLE)}"), 400
    cur = g.db.cursor()
    cur.execute(f"SELECT id, title, price FROM products ORDER BY {column} DESC LIMIT 50")
    rows = cur.fetchall()
    return jsonify([dict(zip(("id", "title", "price"), r)) for r in rows])
