# family: sql-injection
# label: good
# source: own
from flask import Flask, request
from myapp.db import cursor


app = Flask(__name__)


@app.route("/events", methods=["GET", "POST"])
def recent_events():
    value = request.args.get("limit", "")
    limit = int(value or 20)
    cursor.execute(f"SELECT * FROM events ORDER BY at DESC LIMIT {limit}")
    return {"events": cursor.fetchall()}
