# family: web-frameworks
# label: good
# source: own
import os

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/docs/{page}")
def doc_page(page: str):
    return FileResponse(os.path.join("/srv/docs", os.path.basename(page)))
