# family: sql-injection
# label: bad
# source: own
from flask import Flask, request
from myapp.db import cursor


app = Flask(__name__)


@app.route("/events", methods=["GET", "POST"])
def recent_events():
    value = request.args.get("limit", "")
    cursor.execute(f"SELECT * FROM events ORDER BY at DESC LIMIT {value}")  # expect
    return {"events": cursor.fetchall()}
