# family: path-traversal
# label: good
# source: own
from pathlib import Path

from fastapi import FastAPI, HTTPException

app = FastAPI()
LOG_DIR = Path("/var/log/app")


@app.get("/logs/{service}/tail")
def tail(service: str, lines: int = 100):
    log_file = (LOG_DIR / f"{service}.log").resolve()
    if not log_file.is_relative_to(LOG_DIR):
        raise HTTPException(404, "no such service")
    return {"lines": log_file.read_text().splitlines()[-lines:]}
