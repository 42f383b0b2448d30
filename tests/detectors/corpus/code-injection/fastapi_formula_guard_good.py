# family: code-injection
# label: good
# source: own
import re

from fastapi import FastAPI, HTTPException

app = FastAPI()
FORMULA = re.compile(r"[0-9+\-*/(). x]+")


@app.get("/plot")
def plot(formula: str, start: float = 0.0, stop: float = 10.0):
    if len(formula) > 200 or not FORMULA.fullmatch(formula):
        raise HTTPException(400, "formula may use digits, x, + - * / and brackets")
    code = compile(formula, "<formula>", "eval")
    step = (stop - start) / 50
    return [eval(code, {"__builtins__": {}, "x": start + i * step}) for i in range(51)]
