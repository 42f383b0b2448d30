# family: ssrf
# label: good
# source: own
import httpx
from flask import Flask, request


app = Flask(__name__)


@app.post("/health")
def check_health():
    value = request.form["host"]
    resp = httpx.get(f"https://status.example.com/health/{value}", timeout=3)
    return {"healthy": resp.status_code == 200}
