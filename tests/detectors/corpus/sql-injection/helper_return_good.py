# family: sql-injection
# label: good
# source: own
from flask import Flask, request

from myapp.db import get_db

app = Flask(__name__)


def search_term() -> str:
    return request.args.get("term", "").strip()


@app.route("/search")
def search():
    cur = get_db().cursor()
    cur.execute("SELECT id, title FROM books WHERE title LIKE ?", (f"%{search_term()}%",))
    return {"books": cur.fetchall()}
