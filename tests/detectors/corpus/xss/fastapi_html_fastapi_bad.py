# family: xss
# label: bad
# source: own
from fastapi import FastAPI
from fastapi.responses import HTMLResponse


app = FastAPI()


@app.get("/greet")
def greet(value: str):
    return HTMLResponse(f"<div class='greeting'>Hi {value}</div>")  # expect
