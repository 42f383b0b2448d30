# family: ssrf
# label: bad
# source: own
import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/status/{region}")
async def region_status(region: str):
    async with httpx.AsyncClient(timeout=3) as client:
        resp = await client.get(f"https://{region}/healthz")  # expect
    return {"region": region, "healthy": resp.status_code == 200}
