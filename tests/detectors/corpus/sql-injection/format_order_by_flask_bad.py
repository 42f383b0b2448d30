# family: sql-injection
# label: bad
# source: own
from flask import Flask, request
from myapp.db import cursor


app = Flask(__name__)


@app.route("/posts", methods=["GET", "POST"])
def list_posts():
    value = request.args.get("sort", "")
    sql = "SELECT id, title FROM posts ORDER BY {} DESC".format(value)
    cursor.execute(sql)  # expect
    return {"posts": cursor.fetchall()}
