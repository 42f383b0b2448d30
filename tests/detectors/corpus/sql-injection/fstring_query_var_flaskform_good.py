# family: sql-injection
# label: good
# source: own
from flask import Flask, request
from myapp.db import get_connection


app = Flask(__name__)


@app.post("/logout")
def logout():
    value = request.form["token"]
    query = "DELETE FROM sessions WHERE token = %s"
    with get_connection() as conn:
        conn.execute(query, (value,))
    return {"ok": True}
