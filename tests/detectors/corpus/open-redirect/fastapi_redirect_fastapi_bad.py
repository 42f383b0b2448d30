# family: open-redirect
# label: bad
# source: own
from fastapi import FastAPI
from fastapi.responses import RedirectResponse


app = FastAPI()


@app.get("/go")
def go_to(value: str):
    return RedirectResponse(url=value)  # expect
