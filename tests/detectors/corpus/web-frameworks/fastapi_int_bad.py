# family: web-frameworks
# label: bad
# source: own
from fastapi import FastAPI

from myapp.db import cursor

app = FastAPI()


@app.get("/items/{item_name}")
def read_item(item_name: str):
    cursor.execute(f"SELECT id FROM items WHERE name = '{item_name}'")  # expect
    return {"id": cursor.fetchone()}
