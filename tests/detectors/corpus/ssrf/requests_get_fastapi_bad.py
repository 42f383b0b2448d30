# family: ssrf
# label: bad
# source: own
import requests
from fastapi import FastAPI


app = FastAPI()


@app.get("/fetch")
def fetch_url(value: str):
    response = requests.get(value, timeout=5)  # expect
    return {"status": response.status_code}
