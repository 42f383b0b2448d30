# family: web-frameworks
# label: bad
# source: own
from fastapi import FastAPI


app = FastAPI()


@app.get("/total")
def total(value: str):
    total = eval(value)  # expect
    return {"total": total}
