# family: sql-injection
# label: bad
# source: own
from fastapi import FastAPI
from myapp.db import engine
from sqlalchemy import text


app = FastAPI()


@app.get("/orders")
def list_orders(value: str):
    sql = text("SELECT * FROM orders WHERE customer = '%s'" % value)  # expect
    with engine.connect() as conn:
        return {"orders": [dict(r._mapping) for r in conn.execute(sql)]}
