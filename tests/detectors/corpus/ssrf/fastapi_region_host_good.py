# family: ssrf
# label: good
# source: own
from typing import Literal

import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/status/{region}")
async def region_status(region: Literal["eu-west-1", "us-east-1", "ap-south-1"]):
    async with httpx.AsyncClient(timeout=3) as client:
        resp = await client.get(f"https://{region}.status.example.com/healthz")
    return {"region": region, "healthy": resp.status_code == 200}
