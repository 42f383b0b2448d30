# family: resources
# label: bad
# source: own
# rule: python/blocking-call-in-async
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/weather/{city}")
async def weather(city: str) -> dict:
    response = requests.get("https://api.weather.example.com/v1/now", params={"q": city}, timeout=5)  # expect
    response.raise_for_status()
    return response.json()
