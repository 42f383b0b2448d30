# family: ssrf
# label: good
# source: own
import requests
from fastapi import FastAPI


app = FastAPI()


@app.get("/webhook")
def send_webhook(value: str):
    session = requests.Session()
    hooks = {"slack": "https://hooks.slack.com/services/T000/B000"}
    if value in hooks:
        session.post(hooks[value], json={"event": "ping"}, timeout=5)
    return {"sent": value in hooks}
