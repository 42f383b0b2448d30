# family: web-frameworks
# label: good
# source: own
from fastapi import FastAPI

from myapp.db import cursor

app = FastAPI()


@app.get("/items/{item_id}")
def read_item(item_id: int):
    cursor.execute(f"SELECT name FROM items WHERE id = {item_id}")
    return {"name": cursor.fetchone()}
