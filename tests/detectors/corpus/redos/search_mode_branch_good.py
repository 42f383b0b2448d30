# family: redos
# label: good
# source: own
import re

from fastapi import FastAPI, HTTPException

app = FastAPI()
LOG_LINES: list[str] = []
SAVED = {"errors": r"\bERROR\b", "timeouts": r"timed? ?out"}


@app.get("/logs/search")
def search_logs(pattern: str, mode: str = "text"):
    if mode == "text":
        matcher = re.compile(re.escape(pattern))
    elif mode == "saved":
        if pattern not in SAVED:
            raise HTTPException(404, "no such saved search")
        matcher = re.compile(SAVED[pattern])
    else:
        raise HTTPException(400, "mode is text or saved")
    return [line for line in LOG_LINES if matcher.search(line)][:100]
