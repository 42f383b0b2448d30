# family: ssrf
# label: good
# source: own
import requests
from fastapi import FastAPI


app = FastAPI()


@app.get("/fetch")
def fetch_url(value: str):
    allowed = {"https://api.github.com/", "https://pypi.org/simple/"}
    if value not in allowed:
        return {"error": "url not allowed"}
    response = requests.get(value, timeout=5)
    return {"status": response.status_code}
