# family: ssrf
# label: bad
# source: own
import requests
from fastapi import FastAPI


app = FastAPI()


@app.get("/webhook")
def send_webhook(value: str):
    session = requests.Session()
    session.post(value, json={"event": "ping"}, timeout=5)  # expect
    return {"sent": True}
