# family: xss
# label: good
# source: own
import html
from fastapi import FastAPI
from fastapi.responses import HTMLResponse


app = FastAPI()


@app.get("/greet")
def greet(value: str):
    return HTMLResponse(f"<div class='greeting'>Hi {html.escape(value)}</div>")
