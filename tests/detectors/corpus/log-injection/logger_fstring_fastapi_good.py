# family: log-injection
# label: good
# source: own
import logging

from fastapi import FastAPI
logger = logging.getLogger(__name__)


app = FastAPI()


@app.get("/search")
def search(value: str):
    logger.info("search for %r", value)
    return {"ok": True}
