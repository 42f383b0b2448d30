# family: sql-injection
# label: bad
# source: own
from flask import Flask, request
from myapp.db import get_connection


app = Flask(__name__)


@app.post("/logout")
def logout():
    value = request.form["token"]
    query = f"DELETE FROM sessions WHERE token = '{value}'"
    with get_connection() as conn:
        conn.execute(query)  # expect
    return {"ok": True}
