# family: sql-injection
# label: bad
# source: own
from flask import Flask, request

from myapp.db import get_db

app = Flask(__name__)


def search_term() -> str:
    return request.args.get("term", "").strip()


@app.route("/search")
def search():
    filters = {"title": search_term()}
    where = " AND ".join(f"{col} LIKE '%{val}%'" for col, val in filters.items())
    cur = get_db().cursor()
    cur.execute("SELECT id, title FROM books WHERE " + where)  # expect
    return {"books": cur.fetchall()}
