# family: web-frameworks
# label: bad
# source: own
from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/docs/{page}")
def doc_page(page: str):
    return FileResponse("/srv/docs/" + page)  # expect
