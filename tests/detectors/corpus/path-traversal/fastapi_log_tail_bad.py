# family: path-traversal
# label: bad
# source: own
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
LOG_DIR = Path("/var/log/app")


@app.get("/logs/{service}/tail")
def tail(service: str, lines: int = 100):
    log_file = LOG_DIR / f"{service}.log"
    return {"lines": log_file.read_text().splitlines()[-lines:]}  # expect
