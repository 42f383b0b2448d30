# family: sql-injection
# label: bad
# source: own
from fastapi import FastAPI
from myapp.db import get_connection


app = FastAPI()


@app.get("/logout")
def logout(value: str):
    query = f"DELETE FROM sessions WHERE token = '{value}'"
    with get_connection() as conn:
        conn.execute(query)  # expect
    return {"ok": True}
