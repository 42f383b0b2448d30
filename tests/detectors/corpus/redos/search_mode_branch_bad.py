# family: redos
# label: bad
# source: own
import re

from fastapi import FastAPI, HTTPException

app = FastAPI()
LOG_LINES: list[str] = []


@app.get("/logs/search")
def search_logs(pattern: str, mode: str = "text"):
    if mode == "text":
        matcher = re.compile(re.escape(pattern))
    elif mode == "regex":
        matcher = re.compile(pattern)  # expect
    else:
        raise HTTPException(400, "mode is text or regex")
    return [line for line in LOG_LINES if matcher.search(line)][:100]
