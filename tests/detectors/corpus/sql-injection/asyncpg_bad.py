# family: sql-injection
# label: bad
# source: own
import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.get("/tags")
async def by_tag(tag: str):
    conn = await asyncpg.connect("postgresql://app@db/app")
    try:
        rows = await conn.fetch(f"SELECT id FROM posts WHERE tag = '{tag}'")  # expect
    finally:
        await conn.close()
    return [r["id"] for r in rows]
