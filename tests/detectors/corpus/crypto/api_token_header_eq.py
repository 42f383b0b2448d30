# family: crypto
# label: bad
# source: own
# rule: python/timing-unsafe-compare
import os

from fastapi import FastAPI, HTTPException, Request

app = FastAPI()
API_TOKEN = os.environ["API_TOKEN"]


@app.get("/internal/metrics")
async def metrics(request: Request):
    if request.headers.get("x-api-token") != API_TOKEN:  # expect
        raise HTTPException(status_code=403)
    return {"ok": True}
