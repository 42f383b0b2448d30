# family: web-frameworks
# label: good
# source: own
from fastapi import FastAPI


app = FastAPI()


@app.get("/total")
def total(value: str):
    total = float(value)
    return {"total": total}
