# family: sql-injection
# label: bad
# source: own
from typing import Annotated

import asyncpg
from fastapi import Depends, FastAPI, Query

app = FastAPI()


async def get_conn():
    conn = await asyncpg.connect(dsn="postgresql://api@db/catalog")
    try:
        yield conn
    finally:
        await conn.close()


@app.get("/books")
async def books(
    author: Annotated[str, Query(max_length=80)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    conn=Depends(get_conn),
):
    sql = f"SELECT isbn, title FROM books WHERE author ILIKE '{author}%' LIMIT {limit}"
    return [dict(r) for r in await conn.fetch(sql)]  # expect
