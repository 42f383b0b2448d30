# family: sql-injection
# label: bad
# source: own
from flask import Flask, g, jsonify, request

app = Flask(__name__)
PAGE_SIZE = 25


@app.route("/events")
def events():
    page = request.args.get("page", "1")
    offset = f"({page} - 1) * {PAGE_SIZE}"
    rows = g.db.execute(  # expect
        f"SELECT id, kind, at FROM events ORDER BY at DESC LIMIT {PAGE_SIZE} OFFSET {offset}"
    ).fetchall()
    return jsonify([dict(r) for r in rows])
