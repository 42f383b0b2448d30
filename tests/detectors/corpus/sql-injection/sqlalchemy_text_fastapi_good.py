# family: sql-injection
# label: good
# source: own
from fastapi import FastAPI
from myapp.db import engine
from sqlalchemy import text


app = FastAPI()


@app.get("/orders")
def list_orders(value: str):
    sql = text("SELECT * FROM orders WHERE customer = :customer")
    with engine.connect() as conn:
        rows = conn.execute(sql, {"customer": value})
        return {"orders": [dict(r._mapping) for r in rows]}
