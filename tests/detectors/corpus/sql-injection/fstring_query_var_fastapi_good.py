# family: sql-injection
# label: good
# source: own
from fastapi import FastAPI
from myapp.db import get_connection


app = FastAPI()


@app.get("/logout")
def logout(value: str):
    query = "DELETE FROM sessions WHERE token = %s"
    with get_connection() as conn:
        conn.execute(query, (value,))
    return {"ok": True}
