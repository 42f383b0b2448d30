# family: log-injection
# label: bad
# source: own
import logging

from fastapi import FastAPI
logger = logging.getLogger(__name__)


app = FastAPI()


@app.get("/search")
def search(value: str):
    logger.info(f"search for {value}")  # expect
    return {"ok": True}
