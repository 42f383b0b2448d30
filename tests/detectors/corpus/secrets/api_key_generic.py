# family: secrets
# label: bad
# source: own
# rule: secrets/hardcoded-secret
import requests

WEATHER_API_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"  # expect


def forecast(city: str) -> dict:
    params = {"q": city, "appid": WEATHER_API_KEY}
    return requests.get("https://api.weather.example/v1/forecast", params=params, timeout=5).json()
