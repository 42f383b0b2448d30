# family: sql-injection
# label: good
# source: own
import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.get("/tags")
async def by_tag(tag: str):
    conn = await asyncpg.connect("postgresql://app@db/app")
    try:
        rows = await conn.fetch("SELECT id FROM posts WHERE tag = $1", tag)
    finally:
        await conn.close()
    return [r["id"] for r in rows]
