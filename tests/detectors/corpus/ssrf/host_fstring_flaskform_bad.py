# family: ssrf
# label: bad
# source: own
import httpx
from flask import Flask, request


app = Flask(__name__)


@app.post("/health")
def check_health():
    value = request.form["host"]
    resp = httpx.get(f"http://{value}/health", timeout=3)  # expect
    return {"healthy": resp.status_code == 200}
