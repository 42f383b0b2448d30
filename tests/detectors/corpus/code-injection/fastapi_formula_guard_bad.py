# family: code-injection
# label: bad
# source: own
import re

from fastapi import FastAPI, HTTPException

app = FastAPI()
FORMULA = re.compile(r"[0-9+\-*/(). x]+")


@app.get("/plot")
def plot(formula: str, start: float = 0.0, stop: float = 10.0):
    if len(formula) > 200:
        raise HTTPException(400, "formula too long")
    code = compile(formula, "<formula>", "eval")  # expect
    step = (stop - start) / 50
    return [eval(code, {"x": start + i * step}) for i in range(51)]  # expect
