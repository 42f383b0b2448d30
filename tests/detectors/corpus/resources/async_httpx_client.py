# family: resources
# label: good
# source: own
# rule: python/blocking-call-in-async
import httpx
from fastapi import FastAPI

app = FastAPI()
client = httpx.AsyncClient(timeout=5)


@app.get("/weather/{city}")
async def weather(city: str) -> dict:
    response = await client.get("https://api.weather.example.com/v1/now", params={"q": city})
    response.raise_for_status()
    return response.json()
